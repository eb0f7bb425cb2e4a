/**
 * Live events across nodes over the shared PostgreSQL: LISTEN/NOTIFY on one channel, no polling.
 *
 * - Receiving: a dedicated pg.Client (outside the store's pool, which would hand the connection to
 *   queries) LISTENs on the channel. Every node, the publisher included, gets each notification once
 *   from PostgreSQL, so the publishing node's own subscribers are served by that same path and never
 *   also locally: exactly once, and in the same order as every other node sees.
 * - Publishing: `pg_notify(channel, payload)`. Outside a transaction, publishes are queued and sent in
 *   batches, one statement per batch on the store's pool, so a burst costs a few round trips and keeps
 *   its order (notifications of one transaction are delivered in the order sent). Inside a transaction
 *   (options.transaction) on that transaction's connection: PostgreSQL sends it at COMMIT, drops it at
 *   ROLLBACK. Each payload carries the node's running number, so two equal events in one transaction
 *   are not merged into one by PostgreSQL. An event published `servedHere` comes back to this node
 *   too (PostgreSQL sends every listener every notification); its running number was noted and it is
 *   dropped here instead of delivered.
 * - Losing the listening connection (the server restarted, the backend was terminated, the network
 *   dropped it, or the periodic check got no answer): it reconnects with exponential backoff (with
 *   jitter, capped), LISTENs again, then calls the resync handlers, because notifications sent in the gap
 *   (its own node's too) are lost for it.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { decodeLiveEvent, encodeLiveEvent, type LiveEvent } from './liveEvent';
import { LiveEventListeners, type LiveEventHandler, type LiveEvents, type LiveEventsErrorHandler, type PublishOptions } from './liveEvents';

export const LIVE_EVENTS_CHANNEL = 'vwindow_live';

export interface PostgresLiveEventsOptions {
  nodeId: string;
  /** The store's URL: the listening connection is opened on it. */
  url: string;
  /** The store's pool: publishes outside a transaction run on it. */
  pool: pg.Pool;
  /** Default LIVE_EVENTS_CHANNEL (tests use their own database, so the default serves them too). */
  channel?: string;
  /** First and longest wait before reconnecting (ms). Default 100 and 5000. */
  reconnectDelayMs?: { first?: number; max?: number };
  /** How often the listening connection is asked to answer, to notice a silently dead one (ms). Default 10,000. */
  checkIntervalMs?: number;
  onError?: LiveEventsErrorHandler;
}

interface Queued {
  payload: string;
  resolve(): void;
  reject(error: Error): void;
}

/** Most events per NOTIFY statement. */
const BATCH = 200;

export class PostgresLiveEvents implements LiveEvents {
  readonly nodeId: string;
  readonly #options: PostgresLiveEventsOptions;
  readonly #channel: string;
  readonly #listeners: LiveEventListeners;
  readonly #onError: LiveEventsErrorHandler;
  #client: pg.Client | null = null;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #checkTimer: NodeJS.Timeout | undefined;
  #attempt = 0;
  #reconnects = 0;
  #seq = 0;
  /** Running numbers of this node's own events published `servedHere`, dropped when they come back. */
  readonly #servedHere = new Set<number>();
  #queue: Queued[] = [];
  #flushing: Promise<void> | null = null;
  #closed = false;

  /** Use startPostgresLiveEvents (connects and LISTENs before it resolves). */
  constructor(options: PostgresLiveEventsOptions) {
    const channel = options.channel ?? LIVE_EVENTS_CHANNEL;
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new TypeError(`Invalid live events channel name: ${channel}`);
    this.nodeId = options.nodeId;
    this.#options = options;
    this.#channel = channel;
    this.#onError = options.onError ?? ((error, context) => console.error(context, error));
    this.#listeners = new LiveEventListeners(this.#onError);
  }

  /** Whether the listening connection is up, and how many times it was re-established (for /api/health). */
  get status(): { listening: boolean; reconnects: number } {
    return { listening: this.#client !== null, reconnects: this.#reconnects };
  }

  async publish(event: LiveEvent, options: PublishOptions = {}): Promise<void> {
    if (this.#closed) throw new Error('Live events are closed');
    const seq = this.#seq++;
    const payload = encodeLiveEvent(event, { node: this.nodeId, seq });
    if (options.servedHere) {
      this.#servedHere.add(seq);
      // Those that never come back (sent in a gap of the listening connection) are forgotten, oldest first.
      if (this.#servedHere.size > 10_000) this.#servedHere.delete(this.#servedHere.values().next().value!);
    }
    try {
      if (options.transaction) {
        await options.transaction.execute(sql`SELECT pg_notify(${this.#channel}, ${payload})`);
        return;
      }
      const sent = new Promise<void>((resolve, reject) => this.#queue.push({ payload, resolve, reject }));
      this.#flushing ??= this.#flush();
      await sent;
    } catch (error) {
      // Not sent (or its transaction may roll back): it will never come back to be dropped.
      this.#servedHere.delete(seq);
      throw error;
    }
  }

  subscribe(handler: LiveEventHandler): () => void {
    return this.#listeners.subscribe(handler);
  }

  onResync(handler: () => void): () => void {
    return this.#listeners.onResync(handler);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    clearInterval(this.#checkTimer);
    await this.#flushing;
    this.#listeners.clear();
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }

  /** Opens the listening connection and LISTENs; throws when it cannot. */
  async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#options.url,
      application_name: `vwindow-live ${this.nodeId}`.slice(0, 63),
      keepAlive: true,
      // Also bounds the periodic check's SELECT 1.
      query_timeout: 5_000,
    });
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, new Error('The listening connection ended')));
    client.on('notification', (message) => {
      if (message.channel !== this.#channel || this.#client !== client || this.#closed) return;
      const decoded = message.payload ? decodeLiveEvent(message.payload) : null;
      if (!decoded) {
        this.#onError(new Error(`Ignored a notification that is not a live event: ${message.payload?.slice(0, 200)}`), 'live events');
        return;
      }
      if (decoded.origin.node === this.nodeId && this.#servedHere.delete(decoded.origin.seq)) return;
      this.#listeners.deliver(decoded.event, decoded.origin);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.#channel}`);
    } catch (error) {
      client.removeAllListeners('end');
      client.on('error', () => {});
      await client.end().catch(() => {});
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.#attempt = 0;
    clearInterval(this.#checkTimer);
    this.#checkTimer = setInterval(() => {
      client.query('SELECT 1').catch((error: Error) => this.#lost(client, error));
    }, this.#options.checkIntervalMs ?? 10_000);
    this.#checkTimer.unref();
  }

  #lost(client: pg.Client, error: Error): void {
    if (this.#client !== client) return;
    this.#client = null;
    clearInterval(this.#checkTimer);
    // An 'error' after this one (the socket closing) must not crash the process.
    client.on('error', () => {});
    client.end().catch(() => {});
    if (this.#closed) return;
    this.#onError(error, 'live events: the listening connection was lost; reconnecting');
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const first = this.#options.reconnectDelayMs?.first ?? 100;
    const max = this.#options.reconnectDelayMs?.max ?? 5_000;
    const delay = Math.min(max, first * 2 ** this.#attempt) * (0.75 + Math.random() * 0.5);
    this.#attempt += 1;
    this.#reconnectTimer = setTimeout(() => {
      this.listen().then(
        () => {
          if (this.#closed || !this.#client) return;
          this.#reconnects += 1;
          this.#listeners.resync();
        },
        (error: Error) => {
          if (this.#closed) return;
          this.#onError(error, `live events: reconnecting failed (attempt ${this.#attempt})`);
          this.#scheduleReconnect();
        },
      );
    }, delay);
  }

  /** Sends the queued publishes in order, a batch per statement, until the queue is empty. */
  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, BATCH);
      try {
        // One row per payload in array order, each pg_notify evaluated as its row is produced (no sort).
        await this.#options.pool.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload', [this.#channel, batch.map((q) => q.payload)]);
        for (const queued of batch) queued.resolve();
      } catch (error) {
        for (const queued of batch) queued.reject(error as Error);
      }
    }
    this.#flushing = null;
  }
}

/** A PostgresLiveEvents listening already (or the reason it cannot). */
export async function startPostgresLiveEvents(options: PostgresLiveEventsOptions): Promise<PostgresLiveEvents> {
  const events = new PostgresLiveEvents(options);
  await events.listen();
  return events;
}

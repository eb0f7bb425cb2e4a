/**
 * Live events across nodes (issue 20): what one node changes reaches the subscribers on every node, so
 * each node's ConnectionHub can push its own clerks' notifications. Two implementations of one interface:
 * - InProcessLiveEvents (here): one node, the SQLite store; publish delivers to this process's subscribers.
 * - PostgresLiveEvents (postgresLiveEvents.ts): LISTEN/NOTIFY on one channel of the shared PostgreSQL.
 *
 * Same semantics on both: delivery is asynchronous (never inside publish's caller), in publish order
 * from one node, exactly once to every subscriber, the publishing node's own included (unless published
 * with `servedHere`: then the other nodes' only); a subscriber that
 * throws is reported and does not stop the others. Events are the small kinds of liveEvent.ts.
 */
import type { PgTx } from '@vwindow/db';
import { encodeLiveEvent, type LiveEvent, type LiveEventOrigin } from './liveEvent';

export type LiveEventHandler = (event: LiveEvent, origin: LiveEventOrigin) => void;

export interface PublishOptions {
  /**
   * PostgreSQL only: the transaction (`db.transaction(async (tx) => …)`) that makes the change. The event
   * is then sent by its COMMIT, atomically with the change, and never if it rolls back. Without it the
   * event goes now: publish after the change committed (the way on SQLite, whose transactions are the
   * process's own).
   */
  transaction?: PgTx;
  /**
   * The publishing node has already served its own connections (it built their notifications from what
   * it had, without reading the store again): the event goes to the other nodes' subscribers only.
   */
  servedHere?: boolean;
}

export interface LiveEvents {
  /** This node's id (the origin of what it publishes). */
  readonly nodeId: string;
  /** Delivers `event` to every node's subscribers; rejects when it is not a valid event, or cannot be sent. */
  publish(event: LiveEvent, options?: PublishOptions): Promise<void>;
  /** Calls `handler` with every event from now on; returns the unsubscribe. */
  subscribe(handler: LiveEventHandler): () => void;
  /**
   * Calls `handler` when events may have been missed (the connection that receives them was lost and is
   * back): whoever keeps clerks' views live re-reads what they show and pushes it. Returns the removal.
   */
  onResync(handler: () => void): () => void;
  /** Stops delivering; later publishes reject. Safe to call twice. */
  close(): Promise<void>;
}

/** Where a subscriber's or resync handler's error goes (the node's log). */
export type LiveEventsErrorHandler = (error: Error, context: string) => void;

/** The subscribers and resync handlers of one LiveEvents, each called in isolation. */
export class LiveEventListeners {
  readonly #handlers = new Set<LiveEventHandler>();
  readonly #resync = new Set<() => void>();
  readonly #onError: LiveEventsErrorHandler;

  constructor(onError: LiveEventsErrorHandler) {
    this.#onError = onError;
  }

  subscribe(handler: LiveEventHandler): () => void {
    // A wrapper per call, so subscribing the same function twice gives two deliveries and two removals.
    const entry: LiveEventHandler = (event, origin) => handler(event, origin);
    this.#handlers.add(entry);
    return () => this.#handlers.delete(entry);
  }

  onResync(handler: () => void): () => void {
    const entry = () => handler();
    this.#resync.add(entry);
    return () => this.#resync.delete(entry);
  }

  deliver(event: LiveEvent, origin: LiveEventOrigin): void {
    for (const handler of [...this.#handlers]) {
      try {
        handler(event, origin);
      } catch (error) {
        this.#onError(error as Error, `live event subscriber (${event.kind})`);
      }
    }
  }

  resync(): void {
    for (const handler of [...this.#resync]) {
      try {
        handler();
      } catch (error) {
        this.#onError(error as Error, 'live events resync handler');
      }
    }
  }

  clear(): void {
    this.#handlers.clear();
    this.#resync.clear();
  }
}

/** One node (the SQLite store): events go to this process's subscribers, on a later microtask, in order. */
export class InProcessLiveEvents implements LiveEvents {
  readonly nodeId: string;
  readonly #listeners: LiveEventListeners;
  #seq = 0;
  #closed = false;

  constructor(options: { nodeId?: string; onError?: LiveEventsErrorHandler } = {}) {
    this.nodeId = options.nodeId ?? 'local';
    this.#listeners = new LiveEventListeners(options.onError ?? ((error, context) => console.error(context, error)));
  }

  async publish(event: LiveEvent, options: PublishOptions = {}): Promise<void> {
    if (this.#closed) throw new Error('Live events are closed');
    if (options.transaction) throw new TypeError('In-process live events have no PostgreSQL transaction: publish after the change committed');
    const origin = { node: this.nodeId, seq: this.#seq++ };
    // The same checks as the wire form (a valid kind, under the size limit), so no event works here only.
    encodeLiveEvent(event, origin);
    if (options.servedHere) return;
    queueMicrotask(() => {
      if (!this.#closed) this.#listeners.deliver(event, origin);
    });
  }

  subscribe(handler: LiveEventHandler): () => void {
    return this.#listeners.subscribe(handler);
  }

  onResync(handler: () => void): () => void {
    // Nothing is ever missed in one process.
    return this.#listeners.onResync(handler);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
  }
}

/**
 * Consumers made ahead of 受理: while a home clerk stands by and a local clerk waits in a session of
 * that clerk's jurisdiction, on the same router, each browser is given a paused consumer of the other
 * clerk's camera and microphone ('consumer.ahead') and sets up its receiver (its SDP round) while the
 * session waits. The browser says it has one with consumer.resume, which here only marks it ready: no
 * media flows before the accept. At 受理 the pair's consumers become the call's (the room hands them
 * out as any other) and the server starts the ready ones itself (`promote`), so that the first
 * pictures need neither an SDP round nor a resume round trip after the click.
 *
 * Each standing-by clerk is paired with the first few waiting sessions, each waiting session with the
 * first few standing-by clerks (oldest first); a pair that ends (the session taken by someone else,
 * cancelled or left, the clerk gone from standby) has its consumers closed and the browsers told
 * ('consumer.closed'). `refresh()` (after any change in the rooms) brings the consumers to the pairs.
 */
import type { types } from 'mediasoup';
import type { Logger } from '../logger';
import type { MediaSource } from '../protocol';
import { producerInfo, type Peer, type ProducerAppData } from './Peer';
import { makeConsumer } from './RoomConsumers';

/** How many waiting sessions one standing-by clerk gets consumers ahead for, and how many clerks one session. */
export const AHEAD_SESSIONS_PER_CLERK = 3;
export const AHEAD_CLERKS_PER_SESSION = 3;
/** What is consumed ahead: each clerk's camera and microphone (a document camera or screen comes later). */
const AHEAD_SOURCES: ReadonlySet<MediaSource> = new Set(['camera', 'microphone']);

/** A clerk standing by: a home clerk in their standby room, or a local clerk in a waiting session's room. */
export interface StandingBy {
  /** The room the clerk's browser is in (the standby room's id, or the session's). */
  roomId: string;
  peer: Peer;
  /** The room's placement: the home jurisdiction a session goes to, or a home clerk's own. */
  placement: string;
  /**
   * A waiting session's: accepted, its home clerk not in the room yet. Its pairs are left as they are
   * (the accepting clerk's become the call's) until that clerk is in; no new ones are made.
   */
  taken?: boolean;
}

export interface AheadSources {
  /** Home clerks standing by, oldest first. */
  homeClerks(): StandingBy[];
  /** Local clerks in sessions no home clerk is in yet, oldest first; `roomId` is the session. */
  waitingSessions(): StandingBy[];
  /** Whether `a` and `b` are in one room now (their call has started). */
  together(a: Peer, b: Peer): boolean;
}

interface Ahead {
  /** The peer whose consumer it is, and its room's id as its browser knows it. */
  peer: Peer;
  roomId: string;
  consumerId: string;
  producer: types.Producer<ProducerAppData>;
  /** The peer that publishes `producer`. */
  publisher: Peer;
  /** The session whose call it is for. */
  sessionId: string;
  /** The browser has set it up (consumer.resume). */
  ready: boolean;
}

/** One consumer wanted ahead: `peer` (in `roomId`) receiving `producer` of `publisher`, for `sessionId`. */
type Wanted = Omit<Ahead, 'consumerId' | 'ready'>;

/** One per receiving peer and producer (a clerk may stand by on two consoles: the peer's transport tells them apart). */
const keyOf = (peer: Peer, producerId: string) => `${peer.receiving?.transportId ?? ''}/${producerId}`;

export class AheadConsumers {
  readonly #sources: AheadSources;
  readonly #logger: Logger;
  /** By keyOf(peer, producer id). */
  readonly #ahead = new Map<string, Ahead>();
  /** Being made, by the same key. */
  readonly #making = new Set<string>();
  #scheduled = false;
  #running: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(sources: AheadSources, logger: Logger) {
    this.#sources = sources;
    this.#logger = logger;
  }

  /** Brings the consumers made ahead to the pairs as they are now (soon, once for any number of calls). */
  refresh(): void {
    if (this.#scheduled || this.#closed) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#running = this.#running.then(() => this.#refresh()).catch((error: unknown) => this.#logger.warn({ err: error }, 'could not make consumers ahead'));
    });
  }

  /** Whether `consumerId` is `peer`'s consumer made ahead, its call not started yet. */
  holds(peer: Peer, consumerId: string): boolean {
    return this.#find(peer, consumerId) !== undefined;
  }

  /** The browser has set up `peer`'s consumer made ahead: it starts when its call does. */
  markReady(peer: Peer, consumerId: string): void {
    const ahead = this.#find(peer, consumerId);
    if (ahead) ahead.ready = true;
  }

  /**
   * `home` takes `sessionId`: the consumers made ahead between it and the session's local clerk are
   * the call's now, and those the browsers have set up start at once (their keyframes asked for).
   */
  promote(sessionId: string, home: Peer): void {
    for (const [key, ahead] of this.#ahead) {
      if (ahead.sessionId !== sessionId || (ahead.peer !== home && ahead.publisher !== home)) continue;
      this.#ahead.delete(key);
      if (!ahead.ready) continue;
      const consumer = ahead.peer.consumers().find((c) => c.id === ahead.consumerId);
      if (consumer?.paused) consumer.resume().catch((error: unknown) => this.#logger.warn({ err: error, consumerId: consumer.id }, 'could not start a consumer made ahead'));
    }
  }

  close(): void {
    this.#closed = true;
    this.#ahead.clear();
  }

  #find(peer: Peer, consumerId: string): Ahead | undefined {
    for (const ahead of this.#ahead.values()) if (ahead.peer === peer && ahead.consumerId === consumerId) return ahead;
    return undefined;
  }

  async #refresh(): Promise<void> {
    if (this.#closed) return;
    const { wanted, taken } = this.#pairs();
    for (const [key, ahead] of this.#ahead) {
      if ((wanted.has(key) || taken.has(ahead.sessionId)) && !ahead.peer.closed) continue;
      this.#ahead.delete(key);
      this.#close(ahead);
    }
    const missing = [...wanted].filter(([key]) => !this.#ahead.has(key) && !this.#making.has(key));
    await Promise.all(missing.map(([key, want]) => this.#make(key, want)));
  }

  /** The consumers the pairs want now, by keyOf, and the sessions taken whose pairs are left as they are. */
  #pairs(): { wanted: Map<string, Wanted>; taken: Set<string> } {
    const wanted = new Map<string, Wanted>();
    const clerksPerSession = new Map<string, number>();
    const sessions = this.#sources.waitingSessions();
    const taken = new Set(sessions.filter((local) => local.taken).map((local) => local.roomId));
    const waiting = sessions.filter((local) => !local.taken);
    for (const home of this.#sources.homeClerks()) {
      let sessions = 0;
      for (const local of waiting) {
        if (sessions >= AHEAD_SESSIONS_PER_CLERK) break;
        if (local.placement !== home.placement || local.peer.router !== home.peer.router) continue;
        const clerks = clerksPerSession.get(local.roomId) ?? 0;
        if (clerks >= AHEAD_CLERKS_PER_SESSION) continue;
        clerksPerSession.set(local.roomId, clerks + 1);
        sessions++;
        for (const [to, from] of [
          [home, local],
          [local, home],
        ] as const) {
          for (const producer of from.peer.producers()) {
            if (!AHEAD_SOURCES.has(producer.appData.source) || producer.closed) continue;
            wanted.set(keyOf(to.peer, producer.id), { peer: to.peer, roomId: to.roomId, producer, publisher: from.peer, sessionId: local.roomId });
          }
        }
      }
    }
    return { wanted, taken };
  }

  async #make(key: string, want: Wanted): Promise<void> {
    const { peer, producer } = want;
    const receiving = peer.receiving;
    if (!receiving || peer.closed || !peer.router.canConsume({ producerId: producer.id, rtpCapabilities: receiving.rtpCapabilities })) return;
    // A consumer of this producer made already (a call of theirs) is not one to make ahead.
    if (peer.consumers().some((consumer) => consumer.appData.producerId === producer.id)) return;
    this.#making.add(key);
    try {
      // Always paused: it starts at the accept, never with the transport's connection.
      const consumer = await peer.consumerFor(producer.id, () => makeConsumer(peer, producer, receiving.transportId, receiving.rtpCapabilities, () => true));
      const ahead: Ahead = { ...want, consumerId: consumer.id, ready: false };
      if (peer.closed || producer.closed || this.#closed) return;
      const { wanted, taken } = this.#pairs();
      if (taken.has(want.sessionId)) {
        // Accepted while it was made: kept as it is, untold (the room may be handing it out as the call's).
        this.#ahead.set(key, ahead);
        return;
      }
      if (!wanted.has(key)) {
        // The pair ended while it was made: their call started (the room gave the consumer out), or it will not come.
        if (!this.#sources.together(peer, want.publisher)) this.#close(ahead);
        return;
      }
      this.#ahead.set(key, ahead);
      peer.connection.notify('consumer.ahead', { sessionId: want.roomId, forSessionId: want.sessionId, producer: producerInfo(producer), consumer });
    } catch (error) {
      this.#logger.warn({ err: error, producerId: producer.id, staffId: peer.staff.id }, 'could not make a consumer ahead');
    } finally {
      this.#making.delete(key);
    }
  }

  /** Closes a consumer made ahead for a call that did not come (one whose call started is left alone). */
  #close(ahead: Ahead): void {
    if (ahead.peer.closed || this.#sources.together(ahead.peer, ahead.publisher)) return;
    // Closed with its producer already (and the browser told by the room).
    if (!ahead.peer.consumers().some((consumer) => consumer.id === ahead.consumerId)) return;
    ahead.peer.closeConsumer(ahead.consumerId);
    ahead.peer.connection.notify('consumer.closed', { sessionId: ahead.roomId, consumerId: ahead.consumerId, producerId: ahead.producer.id });
  }
}

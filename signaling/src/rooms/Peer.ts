/**
 * One person in a room, over one signaling connection: their transports, producers and consumers,
 * which only the peer keeps (each forgotten when it closes). The transports live on `router`: the
 * room's, or, for a home clerk who stood by before the accept, the router of their standby room (the
 * same one when both rooms are on one worker, as they are placed). What the room must pass on, the
 * peer reports as an event (`PeerEvents`). A reconnect makes a new Peer, unless the browser resumes
 * the peer over its new connection (`moveTo`, see Room.resume); `close()` (safe to call twice)
 * closes every transport, which closes the producers and consumers on it, and what the peer was
 * given to keep (`keep`: the standby room's data channel it took along).
 */
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { AppError } from '../errors';
import { t, type ConsumerInfo, type GuestRole, type MediaSource, type PeerInfo, type PeerSide, type ProducerInfo } from '../protocol';
import type { RecordableProducer } from '../recording/roomTap';
import type { ConnectionIdentity, SignalingConnection } from '../ws/SignalingConnection';

export interface ProducerAppData extends types.AppData {
  source: MediaSource;
  staffId: number;
  side: PeerSide;
}

export interface ConsumerAppData extends types.AppData {
  /** The id of the producer as the browsers know it. */
  producerId: string;
}

/** What the browsers are told of `producer`. */
export function producerInfo(producer: types.Producer<ProducerAppData>): ProducerInfo {
  return {
    id: producer.id,
    staffId: producer.appData.staffId,
    side: producer.appData.side,
    kind: producer.kind,
    source: producer.appData.source,
    paused: producer.paused,
  };
}

/** What the recorder is told of `producer` (recording/roomTap.ts). */
export function recordableProducer(producer: types.Producer<ProducerAppData>): RecordableProducer {
  const { source, side, staffId } = producer.appData;
  return { id: producer.id, kind: producer.kind, source, side, staffId };
}

/** Who a peer is: a signed-in staff member, or an admitted guest with their role (see ./guestPeers.ts). */
export interface PeerIdentity extends ConnectionIdentity {
  guestRole?: GuestRole;
}

/** The signaling connection a peer is on, whoever it belongs to. */
export type PeerConnection = SignalingConnection<ConnectionIdentity>;

/** VALIDATION_FAILED naming an id the peer does not have. */
export function unknownId(field: string, id: string): AppError {
  return new AppError('VALIDATION_FAILED', { detail: t('server.detail.unknownId', { field, id: id.slice(0, 64) }) });
}

/**
 * What one peer may hold at once, counting those being made: a browser needs two transports (send,
 * receive), a producer per source (camera, microphone, document camera) and a consumer per producer
 * of the others; the rest is room for a replacement under way.
 */
export const PEER_LIMITS = { transports: 4, producers: 4, consumers: 16 } as const;
export type PeerResource = keyof typeof PEER_LIMITS;

export interface PeerEvents {
  /** A consumer of this peer closed because the producer it consumed did (the browser is to be told). */
  consumerclosed: [{ consumerId: string; producerId: string }];
}

export class Peer extends EventEmitter<PeerEvents> {
  readonly staff: PeerIdentity;
  readonly side: PeerSide;
  #connection: PeerConnection;
  /** The router this peer's transports (and so its producers and consumers) are on. */
  readonly router: types.Router;
  readonly #transports = new Map<string, types.WebRtcTransport>();
  readonly #producers = new Map<string, types.Producer<ProducerAppData>>();
  readonly #consumers = new Map<string, types.Consumer<ConsumerAppData>>();
  /** Consumers made or being made for this peer, by producer id: one per producer. */
  readonly #consuming = new Map<string, Promise<ConsumerInfo>>();
  /** Set when the browser joined with its capabilities: the server then makes its consumers itself. */
  receiving: { transportId: string; rtpCapabilities: types.RtpCapabilities } | null = null;
  readonly #kept: { close(): void }[] = [];
  #closed = false;
  readonly #making: Record<PeerResource, number> = { transports: 0, producers: 0, consumers: 0 };

  constructor(staff: PeerIdentity, side: PeerSide, connection: PeerConnection, router: types.Router) {
    super();
    this.staff = staff;
    this.side = side;
    this.#connection = connection;
    this.router = router;
  }

  /** The signaling connection the peer is told things over (and whose requests act on it). */
  get connection(): PeerConnection {
    return this.#connection;
  }

  /** The browser came back over `connection` (its old one lost with the network): the peer goes on there. */
  moveTo(connection: PeerConnection): void {
    this.#connection = connection;
  }

  /** Closes `closable` when this peer closes (at once if it is closed already). */
  keep(closable: { close(): void }): void {
    if (this.#closed) closable.close();
    else this.#kept.push(closable);
  }

  get info(): PeerInfo {
    const { guestRole } = this.staff;
    return { staffId: this.staff.id, displayName: this.staff.displayName, side: this.side, ...(guestRole ? { guestRole } : {}) };
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Makes one more `kind` with `make`, counted while it is being made; throws MEDIA_LIMIT_REACHED
   * (nothing is made) when the peer would hold more than PEER_LIMITS[kind].
   */
  async making<T>(kind: PeerResource, make: () => Promise<T>): Promise<T> {
    const limit = PEER_LIMITS[kind];
    const held = { transports: this.#transports, producers: this.#producers, consumers: this.#consumers }[kind].size;
    if (held + this.#making[kind] >= limit) {
      throw new AppError('MEDIA_LIMIT_REACHED', { what: t(`server.detail.peerResource.${kind}`), limit });
    }
    this.#making[kind]++;
    try {
      return await make();
    } finally {
      this.#making[kind]--;
    }
  }

  /** Keeps `transport` until it closes; one made for a peer that closed meanwhile is closed. */
  addTransport(transport: types.WebRtcTransport): void {
    if (this.#closed) {
      transport.close();
      return;
    }
    transport.observer.once('close', () => this.#transports.delete(transport.id));
    this.#transports.set(transport.id, transport);
  }

  /** Keeps `producer` until it closes. */
  addProducer(producer: types.Producer<ProducerAppData>): void {
    producer.observer.once('close', () => this.#producers.delete(producer.id));
    this.#producers.set(producer.id, producer);
  }

  /** This peer's transports. */
  transports(): types.WebRtcTransport[] {
    return [...this.#transports.values()];
  }

  /** This peer's producers, oldest first. */
  producers(): types.Producer<ProducerAppData>[] {
    return [...this.#producers.values()];
  }

  /** This peer's consumers. */
  consumers(): types.Consumer<ConsumerAppData>[] {
    return [...this.#consumers.values()];
  }

  findProducer(id: string): types.Producer<ProducerAppData> | undefined {
    return this.#producers.get(id);
  }

  findTransport(id: string): types.WebRtcTransport | undefined {
    return this.#transports.get(id);
  }

  /** The peer's one consumer of `producerId`: the one made or being made, or `make()`'s (forgotten if it fails). */
  consumerFor(producerId: string, make: () => Promise<ConsumerInfo>): Promise<ConsumerInfo> {
    const existing = this.#consuming.get(producerId);
    if (existing) return existing;
    const made = make();
    this.#consuming.set(producerId, made);
    made.catch(() => this.#consuming.delete(producerId));
    return made;
  }

  /**
   * Keeps `consumer` (of the producer the browsers know as `producerId`) until it closes; when that is
   * because the producer closed, reports 'consumerclosed' (unless the peer itself is closed).
   */
  addConsumer(consumer: types.Consumer<ConsumerAppData>, producerId: string): void {
    this.#consumers.set(consumer.id, consumer);
    const forget = () => {
      this.#consumers.delete(consumer.id);
      this.#consuming.delete(producerId);
    };
    consumer.on('producerclose', () => {
      forget();
      if (!this.#closed) this.emit('consumerclosed', { consumerId: consumer.id, producerId });
    });
    consumer.on('transportclose', forget);
  }

  /** Closes the consumer `consumerId` if the peer has it (one made ahead of a call that did not come, see AheadConsumers). */
  closeConsumer(consumerId: string): void {
    const consumer = this.#consumers.get(consumerId);
    if (!consumer) return;
    this.#consumers.delete(consumerId);
    this.#consuming.delete(consumer.appData.producerId);
    consumer.close();
  }

  transport(id: string): types.WebRtcTransport {
    const transport = this.#transports.get(id);
    if (!transport) throw unknownId('transportId', id);
    return transport;
  }

  producer(id: string): types.Producer<ProducerAppData> {
    const producer = this.#producers.get(id);
    if (!producer) throw unknownId('producerId', id);
    return producer;
  }

  consumer(id: string): types.Consumer<ConsumerAppData> {
    const consumer = this.#consumers.get(id);
    if (!consumer) throw unknownId('consumerId', id);
    return consumer;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const transport of this.#transports.values()) transport.close();
    this.#transports.clear();
    this.#producers.clear();
    this.#consumers.clear();
    this.#consuming.clear();
    for (const closable of this.#kept.splice(0)) closable.close();
    this.removeAllListeners();
  }
}

/**
 * The media room of one session: the two clerks (and any listen-only supervisor) as peers on the
 * shared router of one worker (placed by the session's home jurisdiction); the local clerk may stand
 * by in it before the accept. A home clerk's standby room is a Room too (one peer, no session, placed
 * by the clerk's jurisdiction, so on the same router): at the accept it hands its peer, transports and
 * producers included, to the session's room (`release`, `adopt`); no media crosses routers. Built by
 * `Room.create()`; `close()` is safe to call twice, tells every peer and closes
 * what the room made on the router (never the router, which other rooms share).
 */
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { PlacedRoom, WorkerPool } from '../media/WorkerPool';
import {
  t,
  type CongestionSign,
  type ConsumerInfo,
  type JoinedRoom,
  type MediaSource,
  type NotificationMethod,
  type Notifications,
  type PeerSide,
  type ProducerInfo,
  type Relief,
  type ResumedRoom,
  type TransportInfo,
} from '../protocol';
import type { RecordableProducer, RecordableRoom } from '../recording/roomTap';
import { downlinkReported, uplinkFound } from './congestedLinks';
import { KEY_FRAME_REQUEST_DELAY_MS } from './keyFrames';
import { Peer, producerInfo, recordableProducer, unknownId, type PeerConnection, type PeerEvents, type PeerIdentity, type ProducerAppData } from './Peer';
import { checkedByMediasoup } from './mediaInput';
import { watchProducer } from './producerWatch';
import { checkPublishing } from './publishing';
import { RoomChannel } from './roomChannel';
import { RoomConsumers } from './RoomConsumers';
import { createWebRtcTransport, transportInfo, type IceServerSource } from './webRtcTransports';

export interface RoomOptions {
  /** The session's id; for a standby room, an id of its own. */
  sessionId: string;
  /** Rooms with the same key go on the same worker's router: the home jurisdiction's code. */
  placement: string;
  workers: WorkerPool;
  logger: Logger;
  /** TURN servers with credentials for a staff member's sign-in (none without TURN). */
  iceServers?: IceServerSource;
}

export interface RoomEvents {
  /** The room closed: session over, its worker died ('reset'), or a standby room handed its peer on. */
  closed: [reason: 'ended' | 'reset' | 'shutdown' | 'handedOver'];
  /** A producer became consumable on this room's router (for recording/roomTap.ts). */
  producerAdded: [producer: RecordableProducer];
  /** A peer came or went, or a producer was added or closed (for rooms/AheadConsumers.ts). */
  changed: [];
}

export class Room extends EventEmitter<RoomEvents> implements RecordableRoom {
  readonly sessionId: string;
  /** The placement key it was made with: the session's home jurisdiction, or a standby clerk's own. */
  readonly placement: string;
  readonly #router: types.Router;
  readonly #webRtcServer: types.WebRtcServer;
  readonly #peers = new Map<number, Peer>();
  /** Undoes the listening to each peer's reports (see #listen). */
  readonly #unlisten = new Map<Peer, () => void>();
  readonly #logger: Logger;
  readonly #iceServers: IceServerSource;
  readonly #channel: RoomChannel;
  readonly #consumers: RoomConsumers;
  readonly #placed: PlacedRoom;
  readonly #onRouterClose = () => this.close('reset');
  #closed = false;
  /** A session's room whose session was accepted, even before its home clerk is in it (RoomRegistry sets it). */
  taken = false;

  static async create(options: RoomOptions): Promise<Room> {
    return new Room(options, await options.workers.placeRoom(options.placement));
  }

  private constructor(options: RoomOptions, placed: PlacedRoom) {
    super();
    this.sessionId = options.sessionId;
    this.placement = options.placement;
    this.#placed = placed;
    this.#router = placed.router;
    this.#webRtcServer = placed.webRtcServer;
    this.#channel = new RoomChannel(placed.router);
    this.#iceServers = options.iceServers ?? (() => []);
    this.#logger = options.logger.child({ sessionId: options.sessionId, worker: placed.workerIndex });
    this.#consumers = new RoomConsumers(placed.router, options.sessionId, this.#logger);
    // The router closes when its worker dies: every room on it is reset.
    placed.router.observer.once('close', this.#onRouterClose);
  }

  get closed(): boolean {
    return this.#closed;
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.#router.rtpCapabilities;
  }

  get router(): types.Router {
    return this.#router;
  }

  /** Every producer as consumable on this room's router (recording/roomTap.ts). */
  recordableProducers(): RecordableProducer[] {
    return this.peers().flatMap((peer) => peer.producers().map(recordableProducer));
  }

  get peerCount(): number {
    return this.#peers.size;
  }

  peer(staffId: number, connection: PeerConnection): Peer {
    const peer = this.#peers.get(staffId);
    if (!peer || peer.connection !== connection) throw new AppError('NOT_IN_ROOM');
    return peer;
  }

  /** Adds a peer; a second join by the same person (a reconnect) replaces the first. */
  join(staff: PeerIdentity, side: PeerSide, connection: PeerConnection): Peer {
    if (this.#closed) throw new AppError('SESSION_NOT_ACTIVE');
    const peer = new Peer(staff, side, connection, this.#router);
    this.#admit(peer);
    return peer;
  }

  /** Whether `peer`'s transports are on this room's router (so that it can be adopted). */
  sharesRouterWith(peer: Peer): boolean {
    return peer.router === this.#router;
  }

  /**
   * Takes in a peer handed over by a standby room on the same router, transports and producers as
   * they are: it gets a consumer for everything the others publish, as a join with capabilities would,
   * and the others hear of its producers.
   */
  async adopt(peer: Peer, rtpCapabilities: types.RtpCapabilities): Promise<ConsumerInfo[]> {
    if (this.#closed) throw new AppError('SESSION_NOT_ACTIVE');
    if (!peer.receiving || !this.sharesRouterWith(peer)) throw new AppError('NOT_IN_ROOM');
    peer.receiving = { transportId: peer.receiving.transportId, rtpCapabilities };
    const producers = peer.producers();
    for (const producer of producers) this.#watchProducer(peer, producer);
    this.#admit(peer);
    // The others hear of these producers (their consumers made) before the adoption is answered.
    const announced = producers.map((producer) => this.#present(peer, producer));
    const consumers = await this.#consumersForNewcomer(peer, peer.receiving.transportId, rtpCapabilities);
    await Promise.all(announced);
    return consumers;
  }

  /**
   * A standby room's one peer, handed on with its transports and producers, and the room's data
   * channel (its receiving transport consumes it; closed with the peer now); the standby room is
   * closed without closing them.
   */
  release(peer: Peer): void {
    if (this.#closed || this.#peers.get(peer.staff.id) !== peer) throw new AppError('NOT_IN_ROOM');
    this.#peers.delete(peer.staff.id);
    this.#unlisten.get(peer)?.();
    this.#unlisten.delete(peer);
    peer.keep(this.#channel);
    this.#closed = true;
    this.#leaveRouter();
    this.#logger.info({ staffId: peer.staff.id }, 'standby room handed over');
    this.emit('closed', 'handedOver');
  }

  /**
   * The peer of `staffId` goes on over `connection` (its browser lost the old one with the network)
   * if it still holds every one of `transportIds`: they restart ICE, and the answer says what the
   * room holds now. Resumed: false when there is no such peer any more (the browser joins anew).
   */
  async resume(staffId: number, connection: PeerConnection, transportIds: readonly string[]): Promise<ResumedRoom> {
    const peer = this.#peers.get(staffId);
    if (this.#closed || !peer || peer.closed || transportIds.some((id) => !peer.findTransport(id))) return { resumed: false };
    peer.moveTo(connection);
    const restarted = await Promise.all(transportIds.map(async (id) => [id, await peer.transport(id).restartIce()] as const));
    this.#logger.info({ staffId }, 'peer resumed over a new connection');
    return {
      resumed: true,
      iceParameters: Object.fromEntries(restarted),
      peers: this.peers().filter((p) => p !== peer).map((p) => p.info),
      producers: this.producers(staffId),
      consumedProducerIds: peer.consumers().map((consumer) => consumer.appData.producerId),
    };
  }

  /** Removes the peer if it is still on `connection`; returns whether anything was removed. */
  leave(staffId: number, connection: PeerConnection): boolean {
    const peer = this.#peers.get(staffId);
    if (!peer || peer.connection !== connection) return false;
    this.#removePeer(peer);
    return true;
  }

  peers(): Peer[] {
    return [...this.#peers.values()];
  }

  producers(exceptStaffId?: number): ProducerInfo[] {
    const list: ProducerInfo[] = [];
    for (const peer of this.#peers.values()) {
      if (peer.staff.id === exceptStaffId) continue;
      for (const producer of peer.producers()) list.push(producerInfo(producer));
    }
    return list;
  }

  async createTransport(peer: Peer, direction: 'send' | 'recv'): Promise<TransportInfo> {
    if (direction === 'send' && peer.side === 'observer') throw new AppError('FORBIDDEN');
    return peer.making('transports', async () => {
      const transport = await createWebRtcTransport(this.#router, this.#webRtcServer, direction, this.#logger);
      peer.addTransport(transport);
      return transportInfo(transport, this.#iceServers(peer.staff.id, peer.connection.signInExpiresAt));
    });
  }

  /**
   * Everything a browser that joined with its capabilities needs in one answer: its transports, the
   * room's data channel (so that the receiving transport connects at once) and a consumer for each
   * producer of the others. From then on `produce` makes its consumers too.
   */
  async prepare(peer: Peer, rtpCapabilities: types.RtpCapabilities): Promise<Required<Pick<JoinedRoom, 'transports' | 'consumers' | 'channel'>>> {
    const [recv, send] = await Promise.all([
      this.createTransport(peer, 'recv'),
      peer.side === 'observer' ? Promise.resolve(null) : this.createTransport(peer, 'send'),
    ]);
    peer.receiving = { transportId: recv.id, rtpCapabilities };
    const [channel, consumers] = await Promise.all([this.#channel.consumerFor(peer.transport(recv.id)), this.#consumersForNewcomer(peer, recv.id, rtpCapabilities)]);
    return { transports: { send, recv }, channel, consumers };
  }

  /** A consumer for each producer of the others that `peer` can receive. */
  #consumersForNewcomer(peer: Peer, transportId: string, rtpCapabilities: types.RtpCapabilities): Promise<ConsumerInfo[]> {
    const others = this.peers().filter((other) => other !== peer).flatMap((other) => other.producers());
    return this.#consumers.forNewcomer(peer, others, transportId, rtpCapabilities);
  }

  async connectTransport(peer: Peer, transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    const transport = peer.transport(transportId);
    await checkedByMediasoup(() => transport.connect({ dtlsParameters }));
  }

  async restartIce(peer: Peer, transportId: string): Promise<types.IceParameters> {
    return peer.transport(transportId).restartIce();
  }

  async produce(peer: Peer, input: { transportId: string; kind: types.MediaKind; rtpParameters: types.RtpParameters; source: MediaSource }): Promise<string> {
    checkPublishing(peer.side, input.source, input.kind);
    // One producer per source: a new camera replaces the old one.
    for (const existing of peer.producers()) {
      if (existing.appData.source === input.source) this.closeProducer(peer, existing.id);
    }
    const transport = peer.transport(input.transportId);
    const producer = await peer.making('producers', async () => {
      const made = await checkedByMediasoup(() =>
        transport.produce<ProducerAppData>({
          kind: input.kind,
          rtpParameters: input.rtpParameters,
          keyFrameRequestDelay: KEY_FRAME_REQUEST_DELAY_MS,
          appData: { source: input.source, staffId: peer.staff.id, side: peer.side },
        }),
      );
      this.#watchProducer(peer, made);
      peer.addProducer(made);
      return made;
    });
    void this.#present(peer, producer);
    return producer.id;
  }

  /** Watches `peer`'s `producer` (producerWatch.ts): a congested uplink relieves `peer`'s downlink (congestedLinks.ts). */
  #watchProducer(peer: Peer, producer: types.Producer<ProducerAppData>): void {
    watchProducer(producer, {
      consumersOf: () => this.#consumersOf(producer.id),
      linkCongested: () => {
        if (!this.#closed) uplinkFound(peer, this.#logger).catch((error: unknown) => this.#logger.warn({ err: error, staffId: peer.staff.id }, 'could not relieve a congested link'));
      },
    });
  }

  /** Tells the others (and the recorder) of `producer` now (settled once each was told), and when it closes. */
  #present(peer: Peer, producer: types.Producer<ProducerAppData>): Promise<void> {
    this.emit('producerAdded', recordableProducer(producer));
    this.emit('changed');
    producer.observer.once('close', () => {
      this.#broadcast(peer, 'producer.closed', { sessionId: this.sessionId, producerId: producer.id });
      if (!this.#closed) this.emit('changed');
    });
    const others = [...this.#peers.values()].filter((other) => other !== peer);
    return Promise.all(others.map((other) => this.#consumers.announce(other, producer))).then(() => undefined);
  }

  async setProducerPaused(peer: Peer, producerId: string, paused: boolean): Promise<void> {
    const producer = peer.producer(producerId);
    if (paused) await producer.pause();
    else await producer.resume();
    this.#broadcast(peer, paused ? 'producer.paused' : 'producer.resumed', { sessionId: this.sessionId, producerId });
  }

  closeProducer(peer: Peer, producerId: string): void {
    peer.producer(producerId).close();
  }

  /** Consumes another peer's producer (see RoomConsumers for when it starts). */
  async consume(peer: Peer, input: { transportId: string; producerId: string; rtpCapabilities: types.RtpCapabilities }): Promise<ConsumerInfo> {
    const producer = this.#findProducer(input.producerId);
    if (!producer || producer.appData.staffId === peer.staff.id) {
      throw unknownId('producerId', input.producerId);
    }
    if (!this.#consumers.canConsume(producer.id, input.rtpCapabilities)) {
      // The browser cannot receive any codec of it: its capabilities, its error.
      throw new AppError('VALIDATION_FAILED', { detail: t('server.detail.codecUnsupported') });
    }
    return this.#consumers.consumerFor(peer, producer, input.transportId, input.rtpCapabilities);
  }

  /** A consumer made paused (transport connected) starts; one made running already did. */
  resumeConsumer(peer: Peer, consumerId: string): Promise<void> {
    return this.#consumers.resume(peer, consumerId);
  }

  /** `peer`'s browser loses much of what it receives, or receives it ever later (`sign`; see congestedLinks.ts). */
  relieveDownlink(peer: Peer, sign: CongestionSign): Promise<Relief> {
    return downlinkReported(peer, this.peers().filter((other) => other !== peer), this.#logger, sign);
  }

  close(reason: 'ended' | 'reset' | 'shutdown'): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const peer of this.#peers.values()) {
      if (reason === 'reset') peer.connection.notify('room.reset', { sessionId: this.sessionId });
      peer.close();
    }
    this.#peers.clear();
    this.#unlisten.clear();
    this.#channel.close();
    this.#leaveRouter();
    this.#logger.info({ reason }, 'room closed');
    this.emit('closed', reason);
  }

  /** The room no longer counts on its worker nor listens to its router. */
  #leaveRouter(): void {
    this.#router.observer.off('close', this.#onRouterClose);
    this.#placed.release();
  }

  #admit(peer: Peer): void {
    const previous = this.#peers.get(peer.staff.id);
    if (previous) this.#removePeer(previous);
    this.#peers.set(peer.staff.id, peer);
    this.#unlisten.set(peer, this.#listen(peer));
    this.#broadcast(peer, 'peer.joined', { sessionId: this.sessionId, peer: peer.info });
    this.#logger.info({ staffId: peer.staff.id, side: peer.side }, 'peer joined');
    this.emit('changed');
  }

  /** Listens to what `peer` reports while it is in this room; returns the undo. */
  #listen(peer: Peer): () => void {
    // A consumer lost its producer: that browser drops the track.
    const consumerClosed = (closed: PeerEvents['consumerclosed'][0]) => peer.connection.notify('consumer.closed', { sessionId: this.sessionId, ...closed });
    peer.on('consumerclosed', consumerClosed);
    return () => peer.off('consumerclosed', consumerClosed);
  }

  #removePeer(peer: Peer): void {
    this.#peers.delete(peer.staff.id);
    this.#unlisten.get(peer)?.();
    this.#unlisten.delete(peer);
    peer.close();
    this.#broadcast(peer, 'peer.left', { sessionId: this.sessionId, staffId: peer.staff.id, side: peer.side });
    this.#logger.info({ staffId: peer.staff.id }, 'peer left');
    this.emit('changed');
  }

  /** The consumers of the producer `consumedId`. */
  #consumersOf(consumedId: string): types.Consumer[] {
    return [...this.#peers.values()].flatMap((peer) => peer.consumers().filter((consumer) => consumer.producerId === consumedId));
  }

  #findProducer(id: string): types.Producer<ProducerAppData> | undefined {
    for (const peer of this.#peers.values()) {
      const producer = peer.findProducer(id);
      if (producer) return producer;
    }
    return undefined;
  }

  /** Tells every peer except `from`. */
  #broadcast<M extends NotificationMethod>(from: Peer, method: M, data: Notifications[M]): void {
    for (const peer of this.#peers.values()) if (peer !== from) peer.connection.notify(method, data);
  }
}

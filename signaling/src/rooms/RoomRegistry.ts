/**
 * The rooms of sessions (active ones, and waiting ones whose local clerk stands by), created at the
 * accept or on first join and closed when the session ends or is cancelled, when their worker dies
 * (peers are told to rejoin), or when nobody has been in them for a while.
 *
 * And the home clerks' standby rooms: a home console opens one (camera published, transports
 * connected) while its clerk watches the queue; 受理 hands it to the session's room, so that the call
 * starts with media already flowing. A standby room closes as soon as its clerk leaves it. Rooms are
 * placed by home jurisdiction (a session's, a home clerk's own): a clerk's standby room and the
 * sessions of their queue share one worker's router, and 受理 moves the clerk's transports into the
 * session without any media crossing routers.
 *
 * With several nodes sharing one database, a session's room lives on the node holding its lease
 * (cluster/RoomPlacement.ts): a room is made here only with the lease claimed (the claim runs beside
 * the router's creation); asked for a room another node holds, the registry answers where it is
 * (RoomElsewhere) and the browser joins there.
 */
import { randomUUID } from 'node:crypto';
import type { types } from 'mediasoup';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { WorkerPool } from '../media/WorkerPool';
import { GUEST_SIGNALING_PATH, type JoinedRoom, type MediaResponses, type RoomElsewhere } from '../protocol';
import { HERE, type Placement, type RoomPlacer } from '../cluster/RoomPlacement';
import type { SessionService } from '../sessions/SessionService';
import type { SignalingConnection } from '../ws/SignalingConnection';
import type { Peer, PeerConnection } from './Peer';
import { Room } from './Room';
import type { IceServerSource } from './webRtcTransports';
import { AheadConsumers, type StandingBy } from './AheadConsumers';

export interface RoomRegistryOptions {
  workers: WorkerPool;
  sessions: SessionService;
  logger: Logger;
  /** TURN servers with credentials for each browser's transports. */
  iceServers?: IceServerSource;
  /** Close a room nobody has been in for this long. Default 5 minutes. */
  idleCloseMs?: number;
  /** Told of each session's room as it is made (not standby rooms): recording attaches here. */
  onSessionRoom?: (room: Room) => Promise<void>;
  /** Which node holds each session's room; without it every room is made here. */
  placement?: RoomPlacer;
}

function elsewhere(placement: Exclude<Placement, { here: true }>): RoomElsewhere {
  return { elsewhere: { nodeId: placement.nodeId, wsUrl: placement.wsUrl } };
}

/** What a peer that just entered `room` is told of it: its side, the codecs, who else is there and what they publish. */
function joinedView(room: Room, peer: Peer): JoinedRoom {
  return {
    side: peer.side,
    routerRtpCapabilities: room.rtpCapabilities,
    peers: room.peers().filter((p) => p !== peer).map((p) => p.info),
    producers: room.producers(peer.staff.id),
  };
}

export class RoomRegistry {
  readonly #options: RoomRegistryOptions;
  readonly #rooms = new Map<string, Room>();
  readonly #creating = new Map<string, Promise<Room | RoomElsewhere>>();
  readonly #idleTimers = new Map<string, NodeJS.Timeout>();
  /** Standby rooms by id, and the connection each belongs to. */
  readonly #standby = new Map<string, SignalingConnection>();
  /** The consumers made ahead of 受理 between home clerks standing by and waiting local clerks. */
  readonly #ahead: AheadConsumers;
  #closed = false;

  constructor(options: RoomRegistryOptions) {
    this.#options = options;
    this.#ahead = new AheadConsumers(
      {
        homeClerks: () => this.#homeClerksStandingBy(),
        waitingSessions: () => this.#waitingSessions(),
        together: (a, b) => [...this.#rooms.values()].some((room) => !room.closed && room.peers().includes(a) && room.peers().includes(b)),
      },
      options.logger,
    );
    options.sessions.on('closed', (sessionId) => this.#rooms.get(sessionId)?.close('ended'));
    // Both clerks join right after the accept: have the router ready (the idle timer closes it if nobody comes).
    options.sessions.on('accepted', (sessionId) => {
      const room = this.#rooms.get(sessionId);
      if (room) room.taken = true;
      this.prepare(sessionId);
    });
  }

  /** Makes the session's room here ahead of its peers, unless another node holds it (the idle timer closes it if nobody comes). */
  prepare(sessionId: string, claimed = false): void {
    this.#sessionRoom(sessionId, claimed).then(
      (room) => {
        if (room instanceof Room) this.#scheduleIdle(room);
      },
      (error: unknown) => {
        this.#options.logger.warn({ sessionId, err: error }, 'could not prepare the room');
        if (claimed) this.#options.placement?.release(sessionId);
      },
    );
  }

  /** Another node took the room's lease: the room closes here and its peers rejoin (and are sent there). */
  closeLost(sessionId: string): void {
    this.#rooms.get(sessionId)?.close('reset');
  }

  /** The session ended (seen by the placement's sweep, wherever it ended): its room closes, its lease goes. */
  closeEnded(sessionId: string): void {
    const room = this.#rooms.get(sessionId);
    if (room) room.close('ended');
    else this.#options.placement?.release(sessionId);
  }

  get size(): number {
    return this.#rooms.size;
  }

  /** What every room's router offers; browsers load their device with it before joining. */
  get routerRtpCapabilities(): types.RtpCapabilities {
    return this.#options.workers.routerRtpCapabilities;
  }

  room(sessionId: string): Room | undefined {
    return this.#rooms.get(sessionId);
  }

  async join(connection: SignalingConnection, sessionId: string, rtpCapabilities?: types.RtpCapabilities): Promise<MediaResponses['session.join']> {
    const { side, accepted } = await this.#options.sessions.authorizeJoin(connection.staff, sessionId);
    const room = await this.#sessionRoom(sessionId);
    if (!(room instanceof Room)) return room;
    // Accepted before this room was made (the room prepared at the accept, or a server restarted during
    // the call): a local clerk alone in it is not waiting for anyone to take the session.
    if (accepted) room.taken = true;
    this.#cancelIdle(sessionId);
    const peer = room.join(connection.staff, side, connection);
    const prepared = rtpCapabilities ? await room.prepare(peer, rtpCapabilities) : {};
    this.#ahead.refresh();
    return { ...joinedView(room, peer), ...prepared };
  }

  /** Resumes this clerk's peer in the session's room over `connection` (see Room.resume); standby rooms are not resumed. */
  async resume(connection: SignalingConnection, sessionId: string, transportIds: readonly string[]): Promise<MediaResponses['session.resume']> {
    await this.#options.sessions.authorizeJoin(connection.staff, sessionId);
    const room = this.#rooms.get(sessionId);
    if (!room || room.closed) return { resumed: false };
    return room.resume(connection.staff.id, connection, transportIds);
  }

  /**
   * An admitted guest (第三方) enters the session's room as a peer of side 'guest'; GuestService has
   * authorized it (see guests/guestSignaling.ts). Otherwise as `join`.
   */
  async joinAsGuest(connection: PeerConnection, sessionId: string, rtpCapabilities?: types.RtpCapabilities): Promise<JoinedRoom | RoomElsewhere> {
    const room = await this.#sessionRoom(sessionId);
    // A room on another node: the guest's page follows it there, to that node's guest signaling.
    if (!(room instanceof Room)) {
      const { wsUrl } = room.elsewhere;
      return { elsewhere: { ...room.elsewhere, wsUrl: wsUrl === null ? null : `${wsUrl.replace(/\/ws$/, '')}${GUEST_SIGNALING_PATH}` } };
    }
    this.#cancelIdle(sessionId);
    const peer = room.join(connection.staff, 'guest', connection);
    const prepared = rtpCapabilities ? await room.prepare(peer, rtpCapabilities) : {};
    return { ...joinedView(room, peer), ...prepared };
  }

  /**
   * Opens a standby room for a home clerk's connection (closing one it had): its transports, to
   * publish in at once. The id stands for a session's in transport and producer requests.
   */
  async openStandby(connection: SignalingConnection, rtpCapabilities: types.RtpCapabilities): Promise<MediaResponses['standby.open']> {
    if (connection.staff.role !== 'home_clerk') throw new AppError('FORBIDDEN');
    for (const [id, owner] of this.#standby) if (owner === connection) this.#rooms.get(id)?.close('shutdown');
    const roomId = randomUUID();
    this.#standby.set(roomId, connection);
    const room = await this.#roomFor(roomId, () => connection.staff.jurisdictionCode, Promise.resolve(HERE));
    if (!(room instanceof Room)) throw new AppError('NOT_IN_ROOM');
    room.once('closed', () => this.#standby.delete(roomId));
    if (connection.closed) {
      room.close('shutdown');
      throw new AppError('NOT_IN_ROOM');
    }
    const peer = room.join(connection.staff, 'home', connection);
    const prepared = await room.prepare(peer, rtpCapabilities);
    this.#ahead.refresh();
    return { roomId, joined: { ...joinedView(room, peer), ...prepared } };
  }

  /**
   * Joins the session's room from this connection's standby room `standbyRoomId`: the same transports
   * and producers, now in the session (see Room.adopt). Without a standby room in order, or one on
   * another router, a plain join.
   */
  async joinFromStandby(connection: SignalingConnection, sessionId: string, standbyRoomId: string, rtpCapabilities: types.RtpCapabilities): Promise<MediaResponses['session.join']> {
    const standby = this.#standby.get(standbyRoomId) === connection ? this.#rooms.get(standbyRoomId) : undefined;
    const standingBy = standby?.peers().find((peer) => peer.connection === connection);
    if (!standby || !standingBy?.receiving) return await this.join(connection, sessionId, rtpCapabilities);
    const { side } = await this.#options.sessions.authorizeJoin(connection.staff, sessionId);
    if (side !== 'home') throw new AppError('FORBIDDEN');
    const room = await this.#sessionRoom(sessionId);
    if (!(room instanceof Room)) {
      // The room is on another node: the clerk joins there afresh, the standby room here is done with.
      standby.close('shutdown');
      return room;
    }
    if (!room.sharesRouterWith(standingBy)) {
      // Placed apart (a worker was replaced in between): the standby room goes, the clerk joins afresh.
      standby.close('shutdown');
      return await this.join(connection, sessionId, rtpCapabilities);
    }
    this.#cancelIdle(sessionId);
    standby.release(standingBy);
    // The consumers made ahead between this clerk and the session's local clerk are the call's now.
    this.#ahead.promote(sessionId, standingBy);
    try {
      const consumers = await room.adopt(standingBy, rtpCapabilities);
      return { ...joinedView(room, standingBy), consumers };
    } catch (error) {
      standingBy.close();
      throw error;
    }
  }

  /** The room and this connection's peer in it, or NOT_IN_ROOM. */
  peerOf(connection: PeerConnection, sessionId: string): { room: Room; peer: Peer } {
    const room = this.#rooms.get(sessionId);
    if (!room) throw new AppError('NOT_IN_ROOM');
    return { room, peer: room.peer(connection.staff.id, connection) };
  }

  /** consumer.resume: the browser has the consumer. One made ahead of 受理 is only marked ready (see AheadConsumers); any other starts. */
  async resumeConsumer(connection: PeerConnection, sessionId: string, consumerId: string): Promise<void> {
    const { room, peer } = this.peerOf(connection, sessionId);
    if (this.#ahead.holds(peer, consumerId)) this.#ahead.markReady(peer, consumerId);
    else await room.resumeConsumer(peer, consumerId);
  }

  leave(connection: PeerConnection, sessionId: string): void {
    const room = this.#rooms.get(sessionId);
    if (room?.leave(connection.staff.id, connection)) this.#scheduleIdle(room);
  }

  /** A signaling connection went away: its peers leave their rooms. */
  connectionClosed(connection: PeerConnection): void {
    for (const room of this.#rooms.values()) {
      if (room.leave(connection.staff.id, connection)) this.#scheduleIdle(room);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#ahead.close();
    for (const timer of this.#idleTimers.values()) clearTimeout(timer);
    for (const room of [...this.#rooms.values()]) room.close('shutdown');
  }

  /** The session's room here (claimed with its creation), or where it is when another node holds it. */
  async #sessionRoom(sessionId: string, claimed = false): Promise<Room | RoomElsewhere> {
    const existing = this.#rooms.get(sessionId);
    if (existing && !existing.closed) return existing;
    const placer = this.#options.placement;
    const claim = claimed || !placer ? Promise.resolve(HERE) : placer.claim(sessionId);
    // Handled in #roomFor; not an unhandled rejection when a room was being made already.
    claim.catch(() => undefined);
    return await this.#roomFor(sessionId, async () => await this.#options.sessions.homeJurisdictionOf(sessionId), claim);
  }

  /**
   * The room of `sessionId`, made (on the worker `placement()` names, see WorkerPool.placeRoom) if
   * there is none, once `claim` says it is this node's; otherwise where it is.
   */
  async #roomFor(sessionId: string, placement: () => string | Promise<string>, claim: Promise<Placement>): Promise<Room | RoomElsewhere> {
    const existing = this.#rooms.get(sessionId);
    if (existing && !existing.closed) return existing;
    let creating = this.#creating.get(sessionId);
    if (!creating) {
      const { workers, logger, iceServers } = this.#options;
      // Set before the first await, so that concurrent callers share the one room being made. The
      // router is made while the lease is claimed; it is closed unused when another node holds it.
      creating = (async () => {
        const [where, made] = await Promise.allSettled([
          claim,
          (async () => Room.create({ sessionId, placement: await placement(), workers, logger, ...(iceServers ? { iceServers } : {}) }))(),
        ]);
        if (where.status === 'rejected' || made.status === 'rejected' || !where.value.here) {
          if (made.status === 'fulfilled') made.value.close('shutdown');
          if (where.status === 'fulfilled' && where.value.here && !this.#standby.has(sessionId)) this.#options.placement?.release(sessionId);
          if (where.status === 'rejected') throw where.reason;
          if (made.status === 'rejected') throw made.reason;
          return elsewhere(where.value as Exclude<Placement, { here: true }>);
        }
        return made.value;
      })();
      this.#creating.set(sessionId, creating);
    }
    try {
      const room = await creating;
      if (!(room instanceof Room)) return room;
      if (!this.#rooms.has(sessionId)) {
        this.#rooms.set(sessionId, room);
        room.on('changed', () => this.#ahead.refresh());
        room.once('closed', () => {
          this.#rooms.delete(sessionId);
          this.#cancelIdle(sessionId);
          if (!this.#standby.has(sessionId)) this.#options.placement?.release(sessionId);
          this.#ahead.refresh();
        });
        if (!this.#standby.has(sessionId)) {
          this.#options.onSessionRoom?.(room).catch((error: unknown) => this.#options.logger.error({ sessionId, err: error }, 'session room hook failed'));
        }
      }
      return room;
    } finally {
      this.#creating.delete(sessionId);
    }
  }

  /** Home clerks in their standby rooms, ready to receive, oldest first. */
  #homeClerksStandingBy(): StandingBy[] {
    const clerks: StandingBy[] = [];
    for (const roomId of this.#standby.keys()) {
      const room = this.#rooms.get(roomId);
      const peer = room?.closed ? undefined : room?.peers()[0];
      if (room && peer?.receiving) clerks.push({ roomId, peer, placement: room.placement });
    }
    return clerks;
  }

  /** Local clerks in the rooms of sessions no home clerk is in yet (taken: accepted already), ready to receive, oldest first. */
  #waitingSessions(): StandingBy[] {
    const waiting: StandingBy[] = [];
    for (const room of this.#rooms.values()) {
      if (room.closed || this.#standby.has(room.sessionId)) continue;
      const peers = room.peers();
      const local = peers.find((peer) => peer.side === 'local');
      if (local?.receiving && !peers.some((peer) => peer.side === 'home')) {
        waiting.push({ roomId: room.sessionId, peer: local, placement: room.placement, taken: room.taken });
      }
    }
    return waiting;
  }

  #scheduleIdle(room: Room): void {
    if (room.peerCount > 0 || room.closed) return;
    if (this.#standby.has(room.sessionId)) {
      room.close('shutdown');
      return;
    }
    this.#cancelIdle(room.sessionId);
    const timer = setTimeout(() => {
      this.#idleTimers.delete(room.sessionId);
      if (room.peerCount === 0) room.close('shutdown');
    }, this.#options.idleCloseMs ?? 5 * 60_000);
    timer.unref();
    this.#idleTimers.set(room.sessionId, timer);
  }

  #cancelIdle(sessionId: string): void {
    const timer = this.#idleTimers.get(sessionId);
    if (timer) clearTimeout(timer);
    this.#idleTimers.delete(sessionId);
  }
}

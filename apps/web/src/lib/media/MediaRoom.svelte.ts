/**
 * The browser's side of one session's media room (mediasoup-client): joins, publishes this clerk's
 * camera, microphone and (local side) document camera, consumes the other side, restarts ICE when the
 * network changes, and rejoins with new transports after the signaling connection comes back.
 * The local clerk joins while the session still waits, on standby (see `setStandby`), so that the
 * home clerk sees the local window the moment they accept. A home console stands by too, before any
 * session, in a standby room of its own (`sessionId` null); 受理 takes that room, transports and
 * camera already connected, into the session (`acceptAndJoin`). Reactive fields ($state) drive the call view.
 * With several servers the room may be held by another node than the page's: the join is answered
 * "elsewhere" and the room's signaling goes to that node (see roomNode.ts); when that node goes away,
 * the room asks the page's own node again and follows the room to where it was made anew.
 */
import type { Device, types } from 'mediasoup-client';
import { isElsewhere, type JoinedRoom, type MediaSource, type PeerInfo, type PeerSide, type RoomElsewhere, type SessionView } from '$shared';
import { t } from '$lib/i18n';
import type { SignalingClient } from '../signaling/SignalingClient';
import { MAX_ROOM_HOPS, RoomLink } from './roomNode';
import { LocalPublications } from './LocalPublications';
import { mark, RemoteMedia, unlessRefused, type RemoteTrack } from './RemoteMedia.svelte';
import { roomDevice } from './preparedDevice';
import { afterNetworkChange, framesSent, inboundStats, openTransport, openTransports, selectedPath, type InboundStat, type TransportPath } from './roomTransports';
import { raiseCameraLayersLater } from './videoEncodings';
import { applyStandby, producerOptions, silencedByStandby } from './standbyMedia';
import { registerLocalTrack, unregisterLocalTrack } from './localTracks';
import type { CallQuality } from './callQuality';
import { relieveCongestion } from './DownlinkWatch';
import { ReceivingWatch } from './ReceivingWatch';
import { JoinRetry } from './joinRetry';

export type { RemoteTrack };

/**
 * Where this browser is with the room: not in it ('idle': new, or its transports closed for a rejoin),
 * asking in ('joining'), in it with transports ('joined'), or gone for good ('left').
 */
export type RoomConnectionState = 'idle' | 'joining' | 'joined' | 'left';

export class MediaRoom {
  side = $state<PeerSide | null>(null);
  peers = $state<PeerInfo[]>([]);
  /** Changed only through #setState. */
  connection = $state<RoomConnectionState>('idle');
  /** What this browser publishes in the room right now (producers created). */
  published = $state<MediaSource[]>([]);
  /**
   * On standby (the session waits, nobody else is in the room yet): the camera sends only its smallest
   * layer and the microphone nothing, so that a waiting window costs little of the hall's uplink.
   */
  standby = $state(false);
  /** Set when the session ended (by either side) while in the room. */
  endedSession = $state<SessionView | null>(null);
  error = $state<string | null>(null);

  /** The session; null while a home console stands by for whichever session its clerk takes next. */
  sessionId = $state<string | null>(null);
  /** The id the server knows this room by: the session's, or the standby room's once opened. */
  #roomId: string | null;
  /** The session being taken from standby: its announcements wait for the answer. */
  #accepting: string | null = null;
  /** The page's own connection, or the one to the node holding the room (roomNode.ts). */
  readonly #link: RoomLink;
  readonly #local = new LocalPublications();
  readonly #unsubscribe: (() => void)[] = [];
  #device: Device | null = null;
  #send: types.Transport | null = null;
  #recv: types.Transport | null = null;
  readonly #watch = new ReceivingWatch();
  #joining: Promise<void> | null = null;
  /** A join that failed for a passing reason is tried again (joinRetry.ts), unless joined or joining meanwhile (a reconnect's rejoin). */
  readonly #joinRetry = new JoinRetry(() => {
    if (this.#left || this.joined || this.#joining) return;
    this.join().catch((failed: unknown) => (this.error = (failed as Error).message));
  });
  readonly #remote = new RemoteMedia({
    signaling: () => this.#signaling,
    recv: () => this.#recv,
    device: () => this.#device,
    roomId: () => this.#currentRoomId(),
    joining: () => this.#joining !== null,
  });

  constructor(signaling: SignalingClient, sessionId: string | null) {
    this.sessionId = sessionId;
    this.#roomId = sessionId;
    // The room's node went away: ask the page's own node where the room is now.
    this.#link = new RoomLink(signaling, (client) => this.#subscribeRoom(client), () => this.joined && void this.rejoin());
    this.#unsubscribe.push(
      signaling.on('session.updated', (d) => {
        if (d.session.id === this.sessionId && (d.session.status === 'ended' || d.session.status === 'cancelled')) {
          this.endedSession = d.session;
          this.leave();
        }
      }),
    );
    window.addEventListener('online', this.#onOnline);
  }

  /** The connection the room's requests go over now. */
  get #signaling(): SignalingClient {
    return this.#link.current;
  }

  /** The room's notifications, over the connection to its node. */
  #subscribeRoom(signaling: SignalingClient): (() => void)[] {
    const mine = (d: { sessionId: string }) => d.sessionId === this.#roomId;
    return [
      signaling.on('producer.new', (d) => {
        if (d.sessionId === this.#accepting) this.#remote.announcedWhileJoining(d.producer, d.consumer);
        else if (mine(d)) void this.#remote.consume(d.producer, d.consumer).catch(unlessRefused('consume failed'));
      }),
      signaling.on('producer.closed', (d) => mine(d) && this.#remote.drop(d.producerId)),
      signaling.on('consumer.closed', (d) => mine(d) && this.#remote.drop(d.producerId)),
      // A standby room's consumers made ahead may come before the answer that names the room.
      signaling.on('consumer.ahead', (d) => (mine(d) || this.#joining !== null) && void this.#remote.prepareAhead(d.sessionId, d.producer, d.consumer).catch(unlessRefused('consume ahead failed'))),
      signaling.on('producer.paused', (d) => mine(d) && this.#remote.markPaused(d.producerId, true)),
      signaling.on('producer.resumed', (d) => mine(d) && this.#remote.markPaused(d.producerId, false)),
      signaling.on('peer.joined', (d) => mine(d) && (this.peers = [...this.peers.filter((p) => p.staffId !== d.peer.staffId), d.peer])),
      signaling.on('peer.left', (d) => mine(d) && (this.peers = this.peers.filter((p) => p.staffId !== d.staffId))),
      signaling.on('room.reset', (d) => mine(d) && void this.rejoin()),
      signaling.onReconnected(() => void this.#resumeOrRejoin()),
    ];
  }

  /** What the others publish, as this browser receives it (reactive). */
  get remotes(): RemoteTrack[] {
    return this.#remote.tracks;
  }

  /** In the room, with transports. */
  get joined(): boolean {
    return this.connection === 'joined';
  }

  get #left(): boolean {
    return this.connection === 'left';
  }

  /** The one place the connection state changes; 'left' is final. */
  #setState(next: RoomConnectionState): void {
    if (next === this.connection || this.connection === 'left') return;
    this.connection = next;
  }

  /**
   * Joins the room (the session's, or a new standby room): device, transports, everything published
   * so far, and what the others publish.
   */
  join(): Promise<void> {
    if (this.#left) return Promise.resolve();
    this.#joining ??= this.#join((rtpCapabilities) => {
      const sessionId = this.sessionId;
      if (sessionId !== null) return this.#signaling.request('session.join', { sessionId, rtpCapabilities });
      return this.#signaling.request('standby.open', { rtpCapabilities }).then(({ roomId, joined }) => {
        this.#roomId = roomId;
        return joined;
      });
    })
      .catch((error: unknown) => {
        this.#joinRetry.failed(error);
        throw error;
      })
      .finally(() => (this.#joining = null));
    return this.#joining;
  }

  /**
   * A home clerk's 受理 and join in one request. A connected standby room goes into the session as it
   * is (transports and camera already flowing); otherwise the session's room is joined afresh.
   * Resolves with the session once it is this clerk's (the join goes on; `join()` returns it) and
   * rejects, still standing by, when the session could not be taken.
   */
  async acceptAndJoin(sessionId: string): Promise<SessionView> {
    if (this.#joining) await this.#joining.catch(() => undefined);
    const standbyRoomId = this.joined && this.sessionId === null ? this.#roomId : null;
    const rtpCapabilities = (await roomDevice(this.#signaling)).rtpCapabilities as never;
    this.#accepting = sessionId;
    this.#remote.forgetAnnounced();
    let answer;
    try {
      answer = await this.#signaling.request('session.accept', { sessionId, rtpCapabilities, ...(standbyRoomId ? { standbyRoomId } : {}) });
    } finally {
      this.#accepting = null;
    }
    this.sessionId = sessionId;
    this.#roomId = sessionId;
    void this.setStandby(false);
    const joined = answer.joined;
    if (joined && !joined.transports) {
      mark('join:joined');
      this.side = joined.side;
      this.peers = joined.peers;
      this.#joining = this.#remote.receive(joined);
    } else {
      // Joined with new transports (or to join again: the room could not be entered with the accept).
      this.#closeTransports();
      this.#joining = this.#join(() => (joined ? Promise.resolve(joined) : this.#signaling.request('session.join', { sessionId, rtpCapabilities })));
    }
    const joining = this.#joining;
    joining
      .catch((error: unknown) => {
        this.error = (error as Error).message;
        this.#joinRetry.failed(error);
      })
      .finally(() => {
        if (this.#joining === joining) this.#joining = null;
      });
    return answer.session;
  }

  /** Publishes (or replaces) the track of `source`. */
  async publish(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    this.#local.setTrack(source, track);
    registerLocalTrack(source, track);
    const existing = this.#local.producer(source);
    if (existing) {
      await existing.replaceTrack({ track });
      return;
    }
    // A join under way may already have listed the tracks to publish: wait for it, then publish what it missed.
    if (this.#joining) await this.#joining.catch(() => undefined);
    if (this.joined && !this.#local.producer(source) && this.#local.tracks().some(([s, t]) => s === source && t === track)) {
      await this.#produce(source, track);
    }
  }

  /** Goes on or off standby (see `standby`); the producers follow at once. */
  async setStandby(on: boolean): Promise<void> {
    if (this.standby === on) return;
    this.standby = on;
    mark(on ? 'standby:on' : 'standby:off');
    await Promise.all(this.#local.producers().map(([source, producer]) => this.#applyStandby(source, producer)));
  }

  /** Mutes or unmutes a source: pauses the producer here and on the server (the other side sees it). */
  async setPaused(source: MediaSource, paused: boolean): Promise<void> {
    this.#local.setPaused(source, paused);
    const producer = this.#local.producer(source);
    if (!producer) return;
    if (paused) producer.pause();
    else if (!silencedByStandby(this.standby, source)) producer.resume();
    await this.#signaling.request(paused ? 'producer.pause' : 'producer.resume', { sessionId: this.#currentRoomId(), producerId: producer.id });
  }

  isPaused(source: MediaSource): boolean {
    return this.#local.isPaused(source);
  }

  /** The frames sent so far of `source` (null while it is not published). */
  async framesSent(source: MediaSource): Promise<number | null> {
    const producer = this.#local.producer(source);
    return producer ? framesSent(producer) : null;
  }

  async unpublish(source: MediaSource): Promise<void> {
    this.#local.removeTrack(source);
    unregisterLocalTrack(source);
    const producer = this.#local.takeProducer(source);
    if (!producer) return;
    producer.close();
    this.#refreshPublished();
    await this.#signaling.request('producer.close', { sessionId: this.#currentRoomId(), producerId: producer.id }).catch(() => undefined);
  }

  /**
   * Back over a new signaling connection: the server's peer still has this browser's transports when
   * only the network went (it may not have seen the old connection go), so they restart ICE and the
   * call goes on where it was, catching up on what the others did meanwhile. Otherwise a rejoin.
   */
  async #resumeOrRejoin(): Promise<void> {
    const transports = openTransports(this.#send, this.#recv);
    const roomId = this.#roomId;
    // A standby room (no session yet) is simply opened again.
    if (this.joined && this.sessionId !== null && roomId !== null && transports.length > 0) {
      const answer = await this.#signaling.request('session.resume', { sessionId: roomId, transportIds: transports.map((t) => t.id) }).catch(() => null);
      if (answer?.resumed && !this.#left && transports.every((t) => !t.closed)) {
        mark('resume:answered');
        await Promise.all(transports.map((t) => t.restartIce({ iceParameters: answer.iceParameters[t.id] as types.IceParameters })));
        this.peers = answer.peers;
        this.#remote.catchUp(answer);
        return;
      }
    }
    await this.rejoin();
  }

  /** New transports after a reconnect or a worker reset; local tracks are published again. */
  async rejoin(): Promise<void> {
    if (this.#left) return;
    this.#closeTransports();
    try {
      await this.join();
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  get quality(): CallQuality {
    return this.#watch.quality;
  }

  /** Frames and packets received per remote track, for the quality panel and for tests. */
  inboundStats(): Promise<InboundStat[]> {
    return this.#recv ? inboundStats(this.#recv, this.remotes) : Promise.resolve([]);
  }

  /** The way each open transport's media goes now (its selected ICE candidate pair), for tests. */
  async transportPaths(): Promise<TransportPath[]> {
    return (await Promise.all(openTransports(this.#send, this.#recv).map(selectedPath))).filter((path): path is TransportPath => path !== null);
  }

  /** Leaves the room; safe to call twice. Local tracks stay with their owner. */
  leave(): void {
    if (this.#left) return;
    this.#setState('left');
    this.#joinRetry.stop();
    for (const off of this.#unsubscribe) off();
    window.removeEventListener('online', this.#onOnline);
    for (const [source] of this.#local.tracks()) unregisterLocalTrack(source);
    this.#closeTransports();
    const signaling = this.#signaling;
    const left = this.#roomId !== null && signaling.state === 'connected' ? signaling.request('session.leave', { sessionId: this.#roomId }).catch(() => undefined) : undefined;
    this.#link.close(left);
  }

  /**
   * `enter` asks the server in (session.join, or session.accept) with this browser's capabilities, over
   * the room's connection as it is when called: an "elsewhere" answer is followed and asked again.
   */
  async #join(enter: (rtpCapabilities: never) => Promise<JoinedRoom | RoomElsewhere>): Promise<void> {
    this.#setState('joining');
    try {
      await this.#enter(enter);
    } catch (error) {
      if (this.connection === 'joining') this.#setState('idle');
      throw error;
    }
  }

  async #enter(enter: (rtpCapabilities: never) => Promise<JoinedRoom | RoomElsewhere>): Promise<void> {
    mark('join:start');
    await this.#signaling.ready();
    mark('join:signaling-ready');
    this.#device = await roomDevice(this.#signaling);
    mark('join:device-loaded');
    this.#remote.forgetAnnounced();
    this.peers = [];
    // One answer brings the transports and a consumer for everything the others already publish.
    let joined = await enter(this.#device.rtpCapabilities as never);
    for (let hop = 0; isElsewhere(joined); hop++) {
      if (hop >= MAX_ROOM_HOPS) throw new Error(t('call.signaling.roomUnreachable'));
      mark('join:elsewhere');
      await this.#link.follow(joined);
      if (this.#left) return;
      joined = await enter(this.#device.rtpCapabilities as never);
    }
    if (!joined.transports) throw new Error('the server did not open transports for this join');
    this.side = joined.side;
    // The server may send peer.joined for someone who joined right after us before our own answer.
    this.peers = [...joined.peers.filter((p) => !this.peers.some((q) => q.staffId === p.staffId)), ...this.peers];
    mark('join:joined');
    const context = { device: this.#device, signaling: this.#signaling, roomId: this.#currentRoomId };
    this.#recv = openTransport(context, 'recv', joined.transports.recv, joined.channel);
    this.#send = joined.transports.send ? openTransport(context, 'send', joined.transports.send) : null;
    mark('join:transports');
    this.#setState('joined');
    this.error = null;
    this.#joinRetry.succeeded();
    // What the others publish and what this clerk publishes, side by side, so that the first remote
    // frame does not wait for the local producers.
    await Promise.all([this.#remote.receive(joined), ...(this.#send ? this.#local.tracks().map(([source, track]) => this.#produce(source, track)) : [])]);
    this.#watch.start(
      () => this.#recv,
      () => this.remotes.some((remote) => !remote.paused),
      (sign) => relieveCongestion(this.#local.producer('camera'), () => this.standby, () => this.#signaling.request('downlink.congested', { sessionId: this.#currentRoomId(), sign }), sign),
    );
  }

  readonly #currentRoomId = (): string => this.#roomId ?? '';

  /** The network came back or changed (see afterNetworkChange). */
  readonly #onOnline = () => afterNetworkChange({ signaling: this.#signaling, roomId: this.#currentRoomId }, openTransports(this.#send, this.#recv));

  async #produce(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    if (!this.#send) return;
    const onStandby = this.standby;
    const producer = await this.#send.produce(producerOptions(source, track));
    this.#local.setProducer(source, producer);
    this.#refreshPublished();
    mark(`produce:${source}`);
    if (this.#local.isPaused(source)) await this.setPaused(source, true);
    // Standby may have ended while the producer was being created: bring it up to the present state.
    if (this.standby || onStandby) await this.#applyStandby(source, producer);
    else if (source === 'camera') raiseCameraLayersLater(producer, () => !this.standby);
  }

  #applyStandby(source: MediaSource, producer: types.Producer): Promise<void> {
    return applyStandby(source, producer, () => this.standby, this.#local.isPaused(source));
  }

  #refreshPublished(): void {
    this.published = this.#local.producers().map(([source]) => source);
  }

  #closeTransports(): void {
    this.#watch.stop();
    this.#send?.close();
    this.#recv?.close();
    this.#send = null;
    this.#recv = null;
    this.#local.clearProducers();
    this.#refreshPublished();
    this.#remote.clear();
    this.#setState('idle');
  }
}

/**
 * The two WebRTC transports of a media room, as mediasoup-client sees them: opened from what the
 * server answered at the join, connected and producing through signaling, restarting ICE when the
 * connection fails or stays disconnected; and what the receiving one reports per remote track.
 */
import type { Device, types } from 'mediasoup-client';
import type { DataConsumerInfo, ErrorCode, MediaSource, PeerSide, TransportInfo } from '$shared';
import { SignalingError, type SignalingClient } from '../signaling/SignalingClient';

/** What the server answers a transport's request once the page is no longer in the room (it ended, or the page rejoined). */
const ROOM_GONE: readonly ErrorCode[] = ['NOT_IN_ROOM', 'SESSION_NOT_ACTIVE'];

/** How long a transport may stay 'disconnected' before ICE is restarted. */
const DISCONNECTED_RESTART_MS = 2000;

/** Frames and packets received for one remote track. */
export interface InboundStat {
  source: MediaSource;
  /** Whose track: a clerk's side, or 'guest' (several guests are told apart by `peerId`). */
  side: PeerSide;
  peerId: number;
  kind: string;
  framesDecoded: number;
  packetsReceived: number;
  width: number;
  height: number;
}

/** One end of the candidate pair a transport uses now. */
export interface PathEnd {
  /** host, srflx, prflx or relay. */
  candidateType: string;
  /** udp or tcp: how this end's packets travel (to the TURN server, for a relay candidate). */
  protocol: string;
  /** For a relay candidate: how the browser reaches its TURN server (udp, tcp or tls). */
  relayProtocol: string | null;
  address: string;
  port: number;
}

/** The way one transport's media goes now: its selected ICE candidate pair. */
export interface TransportPath {
  direction: 'send' | 'recv';
  local: PathEnd;
  remote: PathEnd;
}

export interface TransportContext {
  device: Device;
  signaling: SignalingClient;
  /** The room's id as the server knows it now (a standby room's becomes its session's at 受理). */
  roomId: () => string;
}

/**
 * Opens the browser's end of a transport the server created. A receiving transport takes the room's
 * data channel (`channel`) at once: having something to receive, it connects now, while nobody else is
 * in the room, and the media that comes later flows without waiting for a connection to be made.
 */
export function openTransport(context: TransportContext, direction: 'send' | 'recv', info: TransportInfo, channel?: DataConsumerInfo): types.Transport {
  const { device, signaling, roomId } = context;
  const options = info as unknown as types.TransportOptions;
  const transport = direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    signaling.request('transport.connect', { sessionId: roomId(), transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
  });
  if (direction === 'send') {
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      signaling
        .request('producer.create', { sessionId: roomId(), transportId: transport.id, kind, rtpParameters: rtpParameters as never, source: appData.source as MediaSource })
        .then(({ id }) => callback({ id }), errback);
    });
  }
  if (channel) {
    transport
      .consumeData({ ...channel, sctpStreamParameters: channel.sctpStreamParameters as types.SctpStreamParameters })
      // Media still connects the transport later; a transport closed meanwhile, or a room left or ended
      // before the connection was made (the page hears of it and leaves), is no fault.
      .catch((error: unknown) => transport.closed || (error instanceof SignalingError && ROOM_GONE.includes(error.code as ErrorCode)) || console.warn('room channel', error));
  }
  let disconnectTimer: ReturnType<typeof setTimeout> | undefined;
  transport.on('connectionstatechange', (state) => {
    if (state === 'connected') performance.mark(`vwindow:${direction}:connected`);
    clearTimeout(disconnectTimer);
    if (state === 'failed') void restartIce(context, transport);
    else if (state === 'disconnected') disconnectTimer = setTimeout(() => void restartIce(context, transport), DISCONNECTED_RESTART_MS);
  });
  return transport;
}

/** New ICE parameters from the server, handed to the transport (a network change, a failure). */
export async function restartIce(context: Omit<TransportContext, 'device'>, transport: types.Transport): Promise<void> {
  const { signaling, roomId } = context;
  if (transport.closed || signaling.state !== 'connected') return;
  try {
    const { iceParameters } = await signaling.request('transport.restartIce', { sessionId: roomId(), transportId: transport.id });
    await transport.restartIce({ iceParameters: iceParameters as types.IceParameters });
  } catch (error) {
    console.warn('ICE restart failed', error);
  }
}

/** The transports among `transports` that are there and not closed. */
export function openTransports(...transports: (types.Transport | null)[]): types.Transport[] {
  return transports.filter((t): t is types.Transport => t !== null && !t.closed);
}

/**
 * The network came back (or changed). Transports that lost their connection meanwhile come back over a
 * new signaling connection and a rejoin (the old socket may still be waiting out its TCP retries);
 * connected ones restart ICE in case the way to the server changed.
 */
export function afterNetworkChange(context: Omit<TransportContext, 'device'>, transports: types.Transport[]): void {
  if (transports.some((t) => t.connectionState !== 'connected')) {
    context.signaling.reconnectNow();
    return;
  }
  for (const transport of transports) void restartIce(context, transport);
}

/** What the receiving transport reports for each of `remotes` (zeros for a track not yet seen). */
export async function inboundStats(recv: types.Transport, remotes: readonly { source: MediaSource; side: PeerSide; staffId: number; kind: string; track: MediaStreamTrack }[]): Promise<InboundStat[]> {
  const report = await recv.getStats();
  const inbound: Record<string, number | string>[] = [];
  report.forEach((stat: Record<string, number | string>) => {
    if (stat.type === 'inbound-rtp') inbound.push(stat);
  });
  return remotes.map((remote) => {
    const stat = inbound.find((s) => s.trackIdentifier === remote.track.id) ?? {};
    return {
      source: remote.source,
      side: remote.side,
      peerId: remote.staffId,
      kind: remote.kind,
      framesDecoded: Number(stat.framesDecoded ?? 0),
      packetsReceived: Number(stat.packetsReceived ?? 0),
      width: Number(stat.frameWidth ?? 0),
      height: Number(stat.frameHeight ?? 0),
    };
  });
}

/** The frames `producer`'s encoder has sent so far (all its layers). */
export async function framesSent(producer: types.Producer): Promise<number> {
  const report = await producer.getStats();
  let sent = 0;
  report.forEach((stat: Record<string, number | string>) => {
    if (stat.type === 'outbound-rtp') sent += Number(stat.framesSent ?? 0);
  });
  return sent;
}

/** The candidate pair `transport` uses now (null before ICE selected one). */
export async function selectedPath(transport: types.Transport): Promise<TransportPath | null> {
  const report = await transport.getStats();
  const byId = new Map<string, Record<string, unknown>>();
  report.forEach((stat: Record<string, unknown>) => byId.set(String(stat.id), stat));
  const pairIds = [...byId.values()].filter((s) => s.type === 'transport').map((s) => s.selectedCandidatePairId);
  const pair = pairIds.map((id) => byId.get(String(id))).find(Boolean) ?? [...byId.values()].find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
  if (!pair) return null;
  const end = (id: unknown): PathEnd => {
    const c = byId.get(String(id)) ?? {};
    return {
      candidateType: String(c.candidateType ?? ''),
      protocol: String(c.protocol ?? ''),
      relayProtocol: c.relayProtocol === undefined ? null : String(c.relayProtocol),
      address: String(c.address ?? c.ip ?? ''),
      port: Number(c.port ?? 0),
    };
  };
  return { direction: transport.direction, local: end(pair.localCandidateId), remote: end(pair.remoteCandidateId) };
}

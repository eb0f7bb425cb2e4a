/**
 * A browser's WebRTC transports on a room's router: through the worker's WebRtcServer (one port per
 * worker), UDP preferred with TCP as the fallback. A receiving transport carries the room's data
 * channel as well (SCTP); a sending one may bring in document pages at a high bitrate.
 */
import type { types } from 'mediasoup';
import type { Logger } from '../logger';
import type { IceServer, TransportInfo } from '../protocol';

/** The iceServers a browser's transports get: time-limited TURN credentials ending with its sign-in. */
export type IceServerSource = (staffId: number, signInExpiresAt: Date) => IceServer[];

/** Document pages need detail: allow the local side's send transport up to this many bits/s. */
const MAX_INCOMING_BITRATE = 8_000_000;
/**
 * The floor of the server's bandwidth estimate towards a browser: the smallest camera layer
 * (videoEncodings.ts, 100 kbit/s) with sound. On a thin link the estimate, cut by losses, can fall
 * below the smallest layer's bitrate, and mediasoup then stops the video altogether until it has
 * climbed back on sound alone (9 s seen at 400 kbit/s); with this floor the smallest layer keeps going.
 */
const MIN_OUTGOING_BITRATE = 200_000;

export async function createWebRtcTransport(
  router: types.Router,
  webRtcServer: types.WebRtcServer,
  direction: 'send' | 'recv',
  logger: Logger,
): Promise<types.WebRtcTransport> {
  const transport = await router.createWebRtcTransport({
    webRtcServer,
    enableUdp: true,
    enableTcp: true,
    preferUdp: true,
    initialAvailableOutgoingBitrate: 1_500_000,
    enableSctp: direction === 'recv',
    appData: { direction },
  });
  if (direction === 'send') await transport.setMaxIncomingBitrate(MAX_INCOMING_BITRATE);
  else await transport.setMinOutgoingBitrate(MIN_OUTGOING_BITRATE);
  transport.on('dtlsstatechange', (state) => {
    if (state === 'failed' || state === 'closed') logger.warn({ transportId: transport.id, state }, 'transport DTLS state');
  });
  return transport;
}

/** What the browser needs to open its end of `transport`, with the TURN servers it may relay through. */
export function transportInfo(transport: types.WebRtcTransport, iceServers: IceServer[] = []): TransportInfo {
  const { iceParameters, iceCandidates, dtlsParameters, sctpParameters } = transport;
  return {
    id: transport.id,
    iceParameters,
    iceCandidates,
    dtlsParameters,
    ...(sctpParameters ? { sctpParameters } : {}),
    ...(iceServers.length > 0 ? { iceServers } : {}),
  };
}

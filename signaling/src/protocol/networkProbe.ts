/**
 * The self-test page's network probes: one WebRTC transport per path to the server, so that a hall PC
 * sees whether UDP, TCP and TURN reach the SFU. Each probe is a WebRtcTransport on a router of its
 * own with only that path offered (UDP-only, TCP-only; the relay one is used by the browser with
 * iceTransportPolicy 'relay' through the TURN servers it is given). Each is a receiving transport with
 * a consumer of the router's data channel, which makes the browser connect it at once.
 */
import { z } from 'zod';
import { dtlsParameters, type DataConsumerInfo, type TransportInfo } from './media';

export const probePaths = ['udp', 'tcp', 'relay'] as const;
export type ProbePath = (typeof probePaths)[number];

const id = z.string().min(1).max(64);

export const probeRequestSchemas = {
  /** Opens a probe transport for one path (a second for the same path replaces the first). */
  'probe.open': z.strictObject({ path: z.enum(probePaths) }),
  'probe.connect': z.strictObject({ transportId: id, dtlsParameters }),
  /** How the server sees the probe: ICE and DTLS state and the address the packets come from. */
  'probe.result': z.strictObject({ transportId: id }),
  /** Closes this connection's probes (they close with the connection too, or after two minutes). */
  'probe.close': z.strictObject({}),
} as const;

export interface ProbeResult {
  iceState: string;
  dtlsState: string;
  /** The 5-tuple ICE selected, as the server sees it; null until connected. */
  tuple: { protocol: 'udp' | 'tcp'; remoteIp: string; remotePort: number; localPort: number } | null;
}

export interface ProbeResponses {
  /** `transport.iceServers` is given for the relay path only (absent when the server has no TURN). */
  'probe.open': { transport: TransportInfo; channel: DataConsumerInfo };
  'probe.connect': Record<string, never>;
  'probe.result': ProbeResult;
  'probe.close': Record<string, never>;
}

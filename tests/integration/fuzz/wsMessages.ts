/**
 * Malformed signaling messages: text that is not JSON, JSON that is not a request, requests with
 * unknown methods, wrong shapes and huge ids, and each real method with its data mutated; all under
 * the 64 KiB frame limit (a larger frame closes the socket by design, tested in signalingLimits).
 */
import { requestSchemas } from '../../../signaling/src/protocol';
import { brokenJson, mutate, nastyStrings, nastyValue, type Rng } from '../../support/fuzz';

export interface WsKnownIds {
  sessionIds: string[];
  transportIds: string[];
  producerIds: string[];
  routerRtpCapabilities: unknown;
}

const methods = Object.keys(requestSchemas);

function sampleData(rng: Rng, method: string, ids: WsKnownIds): Record<string, unknown> {
  const sessionId = rng.pick(ids.sessionIds);
  const transportId = ids.transportIds.length > 0 && rng.chance(0.7) ? rng.pick(ids.transportIds) : 'no-such-transport';
  const producerId = ids.producerIds.length > 0 && rng.chance(0.7) ? rng.pick(ids.producerIds) : 'no-such-producer';
  // Shapes the protocol's schema lets through, some of which mediasoup refuses (its refusals are 400s).
  const dtlsParameters = { role: 'client', fingerprints: [{ algorithm: rng.pick(['sha-256', 'md5', 'sha-512']), value: rng.pick(['AB:CD', '']) }] };
  const rtpParameters = {
    mid: String(rng.int(5)),
    codecs: [
      rng.pick([
        { mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, parameters: {}, rtcpFeedback: [] },
        { mimeType: 'video/H265', payloadType: 100, clockRate: 90000 },
        { mimeType: 'video/rtx', payloadType: 97, clockRate: 90000, parameters: { apt: 96 } },
        { mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 },
      ]),
    ],
    headerExtensions: rng.chance(0.5) ? [] : [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: rng.int(20) }],
    encodings: [rng.pick([{ ssrc: 1111 }, { ssrc: 2222 }, { ssrc: -1 }, { rid: 'r0' }, {}])],
    rtcp: { cname: 'x' },
  };
  const samples: Record<string, Record<string, unknown>> = {
    hello: { client: 'fuzz' },
    'chat.send': { sessionId, text: '你好' },
    'media.capabilities': {},
    'session.join': { sessionId, rtpCapabilities: ids.routerRtpCapabilities },
    'standby.open': { rtpCapabilities: ids.routerRtpCapabilities },
    'session.accept': { sessionId, rtpCapabilities: ids.routerRtpCapabilities },
    'session.resume': { sessionId, transportIds: [transportId] },
    'session.leave': { sessionId },
    'transport.create': { sessionId, direction: rng.pick(['send', 'recv']) },
    'transport.connect': { sessionId, transportId, dtlsParameters },
    'transport.restartIce': { sessionId, transportId },
    'producer.create': { sessionId, transportId, kind: 'video', rtpParameters, source: 'camera' },
    'producer.pause': { sessionId, producerId },
    'producer.resume': { sessionId, producerId },
    'producer.close': { sessionId, producerId },
    'consumer.create': { sessionId, transportId, producerId, rtpCapabilities: rng.chance(0.7) ? ids.routerRtpCapabilities : { codecs: [] } },
    'consumer.resume': { sessionId, consumerId: producerId },
    'downlink.congested': { sessionId },
    'probe.open': { path: rng.pick(['udp', 'tcp', 'turn']) },
    'probe.connect': { transportId, dtlsParameters },
    'probe.result': { transportId },
    'probe.close': {},
  };
  return samples[method] ?? {};
}

/** One malformed (or now and then well-formed) message as the text to send. */
export function malformedMessage(rng: Rng, ids: WsKnownIds, nextId: () => number): string {
  const roll = rng.next();
  let text: string;
  if (roll < 0.08) text = rng.pick(nastyStrings);
  else if (roll < 0.14) text = brokenJson(rng, { type: 'request', id: 1, method: 'hello', data: {} });
  else if (roll < 0.22) text = JSON.stringify(nastyValue(rng)) ?? 'null';
  else if (roll < 0.32) {
    const envelope: Record<string, unknown> = { type: 'request', id: nextId(), method: rng.pick(methods), data: {} };
    text = JSON.stringify(mutate(rng, envelope)) ?? 'null';
  } else if (roll < 0.36) {
    const id = rng.pick([-1, 1.5, 2 ** 60, 1e308, '1', null]);
    text = JSON.stringify({ type: 'request', id, method: rng.pick(methods), data: {} });
  } else if (roll < 0.4) {
    text = JSON.stringify({ type: 'request', id: nextId(), method: rng.pick(['launchMissiles', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(64), '']), data: {} });
  } else {
    const method = rng.pick(methods);
    const sample = sampleData(rng, method, ids);
    const data = rng.chance(0.4) ? sample : mutate(rng, sample);
    text = JSON.stringify({ type: 'request', id: nextId(), method, data });
  }
  // Keep under the frame limit: a larger frame closes the socket (by design), which is not what this looks at.
  // (at most 3 bytes of UTF-8 per UTF-16 unit: 20,000 units stay under 64 KiB)
  return text.length > 20_000 ? text.slice(0, 20_000) : text;
}

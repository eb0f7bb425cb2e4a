/**
 * congestedLinks on a real worker's router with real peers: a browser's report of loss is its own
 * link's, and relieved, unless another peer's uplink was found congested lately while its own was not
 * (then the loss is that uplink's, forwarded, and nothing is held down); its own uplink found congested
 * too, it is relieved as before. A report of delay is relieved while the sound the worker receives
 * from the senders comes steadily, and not while it comes ever later (a sender's uplink filling: that
 * sender's own downlink is relieved instead): Opus packets sent over a plain transport, 20 ms of sound
 * each, every 20 ms or every 35 ms.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { types } from 'mediasoup';
import { loadMediasoup } from '../../signaling/src/media/workerBinary';
import { routerMediaCodecs } from '../../signaling/src/media/codecs';
import { createLogger } from '../../signaling/src/logger';
import { downlinkReported, FORWARDED_MS, SENDER_DELAY_JITTER_MS, SENDER_FILLING_CONFIRM_MS, uplinkFound } from '../../signaling/src/rooms/congestedLinks';
import { HOLD_MS } from '../../signaling/src/rooms/DownlinkRelief';
import { Peer, type ConsumerAppData, type PeerConnection, type ProducerAppData } from '../../signaling/src/rooms/Peer';

const logger = createLogger('silent');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One RTP packet of 20 ms of Opus (48 kHz): a 12-byte header and a few bytes. */
function opusPacket(ssrc: number, seq: number): Buffer {
  const packet = Buffer.alloc(12 + 40);
  packet[0] = 0x80;
  packet[1] = 100;
  packet.writeUInt16BE(seq & 0xffff, 2);
  packet.writeUInt32BE((seq * 960) >>> 0, 4);
  packet.writeUInt32BE(ssrc, 8);
  return packet;
}

describe('whose link is congested', () => {
  let worker: types.Worker;
  let router: types.Router;
  const peers: Peer[] = [];
  const peer = (id: number, side: 'local' | 'home') => {
    const made = new Peer({ id, displayName: `clerk ${id}` } as Peer['staff'], side, {} as PeerConnection, router);
    peers.push(made);
    return made;
  };

  let socket: Socket;

  beforeAll(async () => {
    const mediasoup = await loadMediasoup();
    worker = await mediasoup.createWorker({ logLevel: 'error' });
    router = await worker.createRouter({ mediaCodecs: routerMediaCodecs });
    socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  });

  afterAll(() => {
    for (const made of peers) made.close();
    socket?.close();
    worker?.close();
  });

  /** `sender`'s microphone, fed by `socket`: `send(count, everyMs)` sends 20 ms of sound every `everyMs`. */
  async function microphone(sender: Peer, ssrc: number): Promise<(count: number, everyMs: number) => Promise<void>> {
    const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, comedia: true });
    const producer = await transport.produce<ProducerAppData>({
      kind: 'audio',
      rtpParameters: { mid: '0', codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc }] },
      appData: { source: 'microphone', staffId: sender.staff.id, side: sender.side },
    });
    sender.addProducer(producer);
    let seq = 1;
    return async (count, everyMs) => {
      const started = performance.now();
      for (let n = 0; n < count; n++, seq++) {
        socket.send(opusPacket(ssrc, seq), transport.tuple.localPort, '127.0.0.1');
        await sleep(started + (n + 1) * everyMs - performance.now());
      }
    };
  }

  it("relieves a report of loss, but not one that is another hall's congested uplink forwarded", async () => {
    const local = peer(1, 'local');
    const home = peer(2, 'home');
    expect(await downlinkReported(local, [home], logger)).toEqual({ holdMs: HOLD_MS });
    await uplinkFound(home, logger);
    expect(await downlinkReported(local, [home], logger)).toEqual({ holdMs: 0, quietMs: FORWARDED_MS });
    // The home hall's own report is of its own link: relieved.
    expect(await downlinkReported(home, [local], logger)).toEqual({ holdMs: HOLD_MS });
  });

  it('relieves a hall whose own uplink is congested too, and forgets a sender’s uplink after a while', async () => {
    const local = peer(3, 'local');
    const home = peer(4, 'home');
    await uplinkFound(home, logger);
    await uplinkFound(local, logger);
    expect(await downlinkReported(local, [home], logger)).toEqual({ holdMs: HOLD_MS });

    const later = peer(5, 'local');
    const sender = peer(6, 'home');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await uplinkFound(sender, logger);
      vi.setSystemTime(Date.now() + FORWARDED_MS);
      expect(await downlinkReported(later, [sender], logger)).toEqual({ holdMs: HOLD_MS });
    } finally {
      vi.useRealTimers();
    }
  });

  /** A simulcast camera that `receiver` receives (made by a third party's plain transport). */
  async function receivedCamera(receiver: Peer, ssrc: number): Promise<types.Consumer> {
    const sending = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, comedia: true });
    const video = await sending.produce({
      kind: 'video',
      rtpParameters: { mid: '0', codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc }, { ssrc: ssrc + 1 }, { ssrc: ssrc + 2 }] },
    });
    const receiving = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, comedia: true });
    const consumer = await receiving.consume({ producerId: video.id, rtpCapabilities: router.rtpCapabilities });
    receiver.addConsumer(consumer as types.Consumer<ConsumerAppData>, video.id);
    return consumer;
  }

  it("relieves a report of delay while the senders' sound comes steadily; while it comes ever later, relieves that sender instead", async () => {
    const local = peer(7, 'local');
    const home = peer(8, 'home');
    const homeReceives = await receivedCamera(home, 5001);
    expect(homeReceives.preferredLayers?.spatialLayer).toBe(2);
    const send = await microphone(home, 4001);
    await send(40, 20);
    expect(await downlinkReported(local, [home], logger, 'delay')).toEqual({ holdMs: HOLD_MS });
    // Each packet 15 ms later than the one before, as through the sender's filling queue, which goes on filling.
    await send(25, 35);
    const filling = send(20, 35);
    const [stats] = await home.producers()[0]!.getStats();
    expect((stats!.jitter * 1000) / 48_000).toBeGreaterThanOrEqual(SENDER_DELAY_JITTER_MS);
    const other = peer(9, 'local');
    expect(await downlinkReported(other, [home], logger, 'delay')).toEqual({ holdMs: 0, quietMs: FORWARDED_MS });
    // The sender's link is the filling one, and thin both ways as a rule: what it receives goes down
    // to the smallest layer once its sound still jitters a moment later, before its own report crosses that link.
    expect(homeReceives.preferredLayers?.spatialLayer).toBe(2);
    await vi.waitFor(() => expect(homeReceives.preferredLayers?.spatialLayer).toBe(0), { timeout: SENDER_FILLING_CONFIRM_MS + 1_000, interval: 20 });
    await filling;
    // Loss is judged as before: the sender's uplink was not found losing, so it is the reporter's link.
    expect(await downlinkReported(other, [home], logger, 'loss')).toEqual({ holdMs: HOLD_MS });
  });

  it("leaves a sender's downlink alone when its sound jittered only for a moment", async () => {
    const local = peer(10, 'local');
    const home = peer(11, 'home');
    const homeReceives = await receivedCamera(home, 6001);
    const send = await microphone(home, 4002);
    await send(40, 20);
    // One packet 240 ms late (a busy PC, a burst), then steady again.
    await send(1, 260);
    await send(1, 20);
    const [stats] = await home.producers()[0]!.getStats();
    expect((stats!.jitter * 1000) / 48_000).toBeGreaterThanOrEqual(SENDER_DELAY_JITTER_MS);
    const steady = send(25, 20);
    expect(await downlinkReported(local, [home], logger, 'delay')).toEqual({ holdMs: 0, quietMs: FORWARDED_MS });
    await steady;
    await sleep(200);
    expect(homeReceives.preferredLayers?.spatialLayer).toBe(2);
  });
});

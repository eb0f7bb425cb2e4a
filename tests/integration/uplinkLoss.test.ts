/**
 * watchUplinkLoss on a real worker: RTP sent to a producer over a plain transport, as a browser's
 * camera would send it, with packets missing. The worker asks for them again (RTCP NACK); many such
 * requests in each of two steps in a row tell, a stream that loses nothing or one packet does not.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { types } from 'mediasoup';
import { loadMediasoup } from '../../signaling/src/media/workerBinary';
import { routerMediaCodecs } from '../../signaling/src/media/codecs';
import { watchUplinkLoss } from '../../signaling/src/rooms/uplinkLoss';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One RTP packet of a VP8 interframe: 12-byte header, a payload descriptor and a few bytes. */
function rtpPacket(ssrc: number, seq: number, timestamp: number): Buffer {
  const packet = Buffer.alloc(12 + 100);
  packet[0] = 0x80;
  packet[1] = 0x80 | 96; // marker: each packet a whole frame
  packet.writeUInt16BE(seq & 0xffff, 2);
  packet.writeUInt32BE(timestamp >>> 0, 4);
  packet.writeUInt32BE(ssrc, 8);
  packet[12] = 0x10; // VP8 payload descriptor: start of a partition
  packet[13] = 0x01; // VP8 payload header: an interframe
  return packet;
}

describe('watchUplinkLoss', () => {
  let worker: types.Worker;
  let router: types.Router;
  let socket: Socket;

  beforeAll(async () => {
    const mediasoup = await loadMediasoup();
    worker = await mediasoup.createWorker({ logLevel: 'error' });
    router = await worker.createRouter({ mediaCodecs: routerMediaCodecs });
    socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  });

  afterAll(() => {
    socket?.close();
    worker?.close();
  });

  /** A camera producer fed by `socket`, and a function sending its packets, `lost(n)` saying which are not sent. */
  async function camera(ssrc: number): Promise<{ producer: types.Producer; send(count: number, lost: (n: number) => boolean): Promise<void> }> {
    const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, comedia: true });
    const producer = await transport.produce({
      kind: 'video',
      rtpParameters: {
        mid: '0',
        codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] }],
        encodings: [{ ssrc }],
      },
    });
    let seq = 1000;
    const send = async (count: number, lost: (n: number) => boolean) => {
      for (let n = 0; n < count; n++, seq++) {
        if (!lost(n)) socket.send(rtpPacket(ssrc, seq, seq * 3000), transport.tuple.localPort, '127.0.0.1');
        await sleep(10);
      }
    };
    return { producer, send };
  }

  it('tells when the worker asks again for many packets in two steps in a row, then keeps quiet', async () => {
    const { producer, send } = await camera(3001);
    let told = 0;
    watchUplinkLoss(producer, () => told++);
    await send(50, () => false);
    expect(told).toBe(0);
    // Three packets in four lost for about a second, as through a link's full queue.
    await send(100, (n) => n % 4 !== 0);
    expect(told).toBe(1);
  });

  it('does not tell for a stream that loses nothing, or one packet', async () => {
    const { producer, send } = await camera(3002);
    let told = 0;
    watchUplinkLoss(producer, () => told++);
    await send(100, () => false);
    await send(100, (n) => n === 50);
    await sleep(500);
    expect(told).toBe(0);
  });

  it('tells whom it was last given for a producer watched again (handed to another room)', async () => {
    const { producer, send } = await camera(3003);
    const told: string[] = [];
    watchUplinkLoss(producer, () => told.push('standby'));
    watchUplinkLoss(producer, () => told.push('session'));
    await send(100, (n) => n % 4 !== 0);
    expect(told).toEqual(['session']);
  });
});

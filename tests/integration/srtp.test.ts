/**
 * SRTP through the worker's libsrtp 3 stand-in (scripts/worker/subprojects/libsrtp3: libsrtp 3's API
 * over Debian's libsrtp2). The stand-in is ours, not upstream's, so it is tested here end to end with
 * real workers: RTP sent in plain from this process, encrypted by one worker, decrypted by another, and
 * received in plain here, packet for packet.
 *  - pipeToRouter with enableSrtp between two workers (what the product's router pipes can use);
 *  - two PlainTransports with each SRTP crypto suite mediasoup offers, keys exchanged as a recorder or a
 *    gateway would, with SRTCP both ways (a sender report out, a receiver report back);
 *  - a receiver given the wrong key delivers nothing.
 */
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { types } from 'mediasoup';
import { loadMediasoup } from '../../signaling/src/media/workerBinary';
import { routerMediaCodecs } from '../../signaling/src/media/codecs';

const LOOPBACK: types.TransportListenInfo = { protocol: 'udp', ip: '127.0.0.1' };
const SSRC = 0x1234_5678;
const PACKETS = 60;
const opus = { mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 } as const;

/** One RTP packet: version 2, payload type 100, an Opus TOC byte and a payload unique to `index`. */
function rtpPacket(index: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = opus.payloadType;
  header.writeUInt16BE(index & 0xffff, 2);
  header.writeUInt32BE(index * 960, 4);
  header.writeUInt32BE(SSRC, 8);
  return Buffer.concat([header, payload]);
}

/** The payload of an RTP packet (after CSRCs and any header extension); undefined for RTCP. */
function rtpPayload(packet: Buffer): Buffer | undefined {
  const payloadType = packet[1]! & 0x7f;
  if (payloadType >= 64 && payloadType <= 95) return undefined; // RTCP (RFC 5761)
  let offset = 12 + (packet[0]! & 0x0f) * 4;
  if (packet[0]! & 0x10) offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  return packet.subarray(offset);
}

async function boundSocket(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

/** Sends PACKETS distinct packets into `transport` (comedia) and returns the payloads sent. */
async function sendRtp(transport: types.PlainTransport): Promise<Buffer[]> {
  const socket = await boundSocket();
  const payloads: Buffer[] = [];
  try {
    for (let i = 0; i < PACKETS; i++) {
      const payload = Buffer.concat([Buffer.from([0xfc]), randomBytes(120)]);
      payloads.push(payload);
      await new Promise<void>((resolve, reject) =>
        socket.send(rtpPacket(i, payload), transport.tuple.localPort, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    socket.close();
  }
  return payloads;
}

/** Collects RTP payloads arriving at `socket` until `count` came or `ms` passed. */
function receiveRtp(socket: Socket, count: number, ms: number): Promise<Buffer[]> {
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve(received);
    };
    const onMessage = (message: Buffer) => {
      const payload = rtpPayload(message);
      if (payload) received.push(Buffer.from(payload));
      if (received.length >= count) done();
    };
    const timer = setTimeout(done, ms);
    socket.on('message', onMessage);
  });
}

describe('SRTP through the libsrtp 3 stand-in (real workers)', () => {
  let workers: types.Worker[];
  let routers: types.Router[];

  beforeAll(async () => {
    const mediasoup = await loadMediasoup();
    workers = await Promise.all([0, 1].map(() => mediasoup.createWorker({ logLevel: 'error' })));
    routers = await Promise.all(workers.map((worker) => worker.createRouter({ mediaCodecs: routerMediaCodecs })));
  });
  afterAll(() => {
    for (const worker of workers ?? []) worker.close();
  });

  /** A producer on `router` fed in plain RTP from this process. */
  async function plainIngress(router: types.Router): Promise<{ transport: types.PlainTransport; producer: types.Producer }> {
    const transport = await router.createPlainTransport({ listenInfo: LOOPBACK, rtcpMux: true, comedia: true });
    const producer = await transport.produce({ kind: 'audio', rtpParameters: { codecs: [opus], encodings: [{ ssrc: SSRC }] } });
    return { transport, producer };
  }

  /** A consumer of `producerId` on `router` that sends plain RTP to a socket of this process. */
  async function plainEgress(router: types.Router, producerId: string): Promise<{ socket: Socket; consumer: types.Consumer }> {
    const socket = await boundSocket();
    const transport = await router.createPlainTransport({ listenInfo: LOOPBACK, rtcpMux: true, comedia: false });
    await transport.connect({ ip: '127.0.0.1', port: socket.address().port });
    const consumer = await transport.consume({ producerId, rtpCapabilities: { codecs: router.rtpCapabilities.codecs, headerExtensions: [] } });
    return { socket, consumer };
  }

  it('pipeToRouter with enableSrtp carries every packet intact between two workers', async () => {
    const [from, to] = routers as [types.Router, types.Router];
    const { transport, producer } = await plainIngress(from);
    const { pipeProducer } = await from.pipeToRouter({ producerId: producer.id, router: to, enableSrtp: true });
    const egress = await plainEgress(to, pipeProducer!.id);
    try {
      const receiving = receiveRtp(egress.socket, PACKETS, 5_000);
      const sent = await sendRtp(transport);
      const received = await receiving;
      expect(received).toHaveLength(PACKETS);
      expect(received).toEqual(sent);
      const pipeStats = (await pipeProducer!.getStats())[0]!;
      expect(pipeStats.packetCount).toBe(PACKETS);
    } finally {
      egress.socket.close();
      transport.close();
    }
  });

  const suites: types.SrtpCryptoSuite[] = ['AEAD_AES_256_GCM', 'AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'];

  /**
   * Router 0 consumes the plain producer on an SRTP PlainTransport that sends to router 1's SRTP
   * PlainTransport, which produces it again; router 1 hands it out in plain. `receiverKey` replaces the
   * key router 1 decrypts with (a wrong one must deliver nothing).
   */
  async function srtpLink(suite: types.SrtpCryptoSuite, receiverKey?: string) {
    const [a, b] = routers as [types.Router, types.Router];
    const ingress = await plainIngress(a);
    const sender = await a.createPlainTransport({ listenInfo: LOOPBACK, rtcpMux: true, comedia: false, enableSrtp: true, srtpCryptoSuite: suite });
    const receiver = await b.createPlainTransport({ listenInfo: LOOPBACK, rtcpMux: true, comedia: false, enableSrtp: true, srtpCryptoSuite: suite });
    const senderKey = sender.srtpParameters!;
    await sender.connect({ ip: '127.0.0.1', port: receiver.tuple.localPort, srtpParameters: receiver.srtpParameters });
    await receiver.connect({
      ip: '127.0.0.1',
      port: sender.tuple.localPort,
      srtpParameters: { cryptoSuite: suite, keyBase64: receiverKey ?? senderKey.keyBase64 },
    });
    const consumer = await sender.consume({ producerId: ingress.producer.id, rtpCapabilities: b.rtpCapabilities });
    const producer = await receiver.produce({ kind: 'audio', rtpParameters: consumer.rtpParameters });
    const egress = await plainEgress(b, producer.id);
    const close = () => {
      egress.socket.close();
      for (const transport of [ingress.transport, sender, receiver]) transport.close();
    };
    return { ingress, sender, receiver, consumer, producer, egress, close };
  }

  it.each(suites)('PlainTransport with %s delivers every packet intact, with SRTCP both ways', async (suite) => {
    const link = await srtpLink(suite);
    try {
      const receiving = receiveRtp(link.egress.socket, PACKETS, 5_000);
      const sent = await sendRtp(link.ingress.transport);
      expect(await receiving).toEqual(sent);
      expect((await link.producer.getStats())[0]!.packetCount).toBe(PACKETS);
      // SRTCP both ways: the consumer's sender report is decrypted by the far end, whose receiver
      // report (answering it) is decrypted here: only then does the consumer know a round-trip time.
      await expect
        .poll(async () => (await link.consumer.getStats())[0]!.roundTripTime ?? 0, { timeout: 12_000, interval: 250 })
        .toBeGreaterThan(0);
    } finally {
      link.close();
    }
  });

  it('a receiver with the wrong key delivers nothing', async () => {
    // AES_CM_128 takes a 16-byte key and a 14-byte salt: 30 random bytes are a well-formed wrong key.
    const link = await srtpLink('AES_CM_128_HMAC_SHA1_80', randomBytes(30).toString('base64'));
    try {
      const receiving = receiveRtp(link.egress.socket, 1, 1_500);
      await sendRtp(link.ingress.transport);
      expect(await receiving).toEqual([]);
      expect((await link.receiver.getStats())[0]!.bytesReceived).toBeGreaterThan(0);
      expect((await link.producer.getStats())[0]?.packetCount ?? 0).toBe(0);
      expect((await link.consumer.getStats())[0]!.roundTripTime ?? 0).toBe(0);
    } finally {
      link.close();
    }
  });
});

/**
 * The mediasoup worker's CPU per delivered Mbit/s, for the current worker (3.27, with the offline
 * stand-ins: libsrtp 3's API over libsrtp2 with one extra copy per packet, standard hash maps) and, when
 * scripts/bench/legacyWorker.sh has made it, mediasoup 3.12.16's worker, alternating in one process.
 *
 * Load: one producer fed with RTP from this process at INPUT_MBPS (Opus-shaped packets of PACKET_BYTES),
 * consumed CONSUMERS times, each consumer on its own PlainTransport with SRTP (AES_CM_128_HMAC_SHA1_80)
 * sending to a socket here that counts what arrives. CPU is the worker process's user + system time
 * (getResourceUsage) over the window; delivered is what the sockets received.
 */
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { types } from 'mediasoup';
import { loadMediasoup } from '../../signaling/src/media/workerBinary';
import { routerMediaCodecs } from '../../signaling/src/media/codecs';

const INPUT_MBPS = 2.5;
const PACKET_BYTES = 1_000;
const CONSUMERS = 10;
const SSRC = 0x0bad_cafe;

/** The part of mediasoup's API the load uses, the same in 3.12 and 3.27. */
interface Mediasoup {
  version: string;
  createWorker(options: { logLevel: 'error' }): Promise<types.Worker>;
}

export interface WorkerUnderTest {
  label: string;
  mediasoup: Mediasoup;
  /** 3.12 takes `listenIp`, 3.27 `listenInfo`. */
  listen: Record<string, unknown>;
}

/** The current worker, and mediasoup 3.12.16's if legacyWorker.sh can provide it (built on first use). */
export async function workersUnderTest(withLegacy: boolean): Promise<WorkerUnderTest[]> {
  const current = (await loadMediasoup()) as unknown as Mediasoup;
  const workers: WorkerUnderTest[] = [{ label: `mediasoup ${current.version}`, mediasoup: current, listen: { listenInfo: { protocol: 'udp', ip: '127.0.0.1' } } }];
  if (!withLegacy) return workers;
  const dir = execFileSync('bash', [join(import.meta.dirname, 'legacyWorker.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  // Each mediasoup reads MEDIASOUP_WORKER_BIN when it is loaded: point it at the 3.12 worker for this import.
  const current27 = process.env.MEDIASOUP_WORKER_BIN;
  process.env.MEDIASOUP_WORKER_BIN = join(dir, 'mediasoup-worker');
  const module = (await import(pathToFileURL(join(dir, 'node_modules', 'mediasoup', 'node', 'lib', 'index.js')).href)) as { default?: Mediasoup } & Mediasoup;
  process.env.MEDIASOUP_WORKER_BIN = current27;
  const legacy = module.default ?? module;
  workers.unshift({ label: `mediasoup ${legacy.version}`, mediasoup: legacy, listen: { listenIp: { ip: '127.0.0.1' } } });
  return workers;
}

async function boundSocket(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

const cpuMs = (usage: types.WorkerResourceUsage) => usage.ru_utime + usage.ru_stime;

/** One window of `seconds`: the worker's CPU ms per Mbit delivered to the consumers' sockets. */
export async function measureWorkerCost(target: WorkerUnderTest, seconds: number): Promise<number> {
  const worker = await target.mediasoup.createWorker({ logLevel: 'error' });
  const sockets: Socket[] = [];
  const sender = await boundSocket();
  try {
    const router = await worker.createRouter({ mediaCodecs: routerMediaCodecs });
    const opus = router.rtpCapabilities.codecs!.find((c) => c.mimeType === 'audio/opus')!;
    const ingress = await router.createPlainTransport({ ...target.listen, rtcpMux: true, comedia: true } as types.PlainTransportOptions);
    const producer = await ingress.produce({
      kind: 'audio',
      rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: opus.preferredPayloadType!, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: SSRC }] },
    });
    let deliveredBytes = 0;
    for (let i = 0; i < CONSUMERS; i++) {
      const socket = await boundSocket();
      socket.on('message', (message) => (deliveredBytes += message.length));
      sockets.push(socket);
      const transport = await router.createPlainTransport({
        ...target.listen,
        rtcpMux: true,
        comedia: false,
        enableSrtp: true,
        srtpCryptoSuite: 'AES_CM_128_HMAC_SHA1_80',
      } as types.PlainTransportOptions);
      await transport.connect({ ip: '127.0.0.1', port: socket.address().port, srtpParameters: transport.srtpParameters });
      await transport.consume({ producerId: producer.id, rtpCapabilities: { codecs: router.rtpCapabilities.codecs, headerExtensions: [] } });
    }

    const payload = Buffer.concat([Buffer.from([0xfc]), randomBytes(PACKET_BYTES - 13)]);
    const packetsPerTick = (INPUT_MBPS * 1e6) / 8 / PACKET_BYTES / 100; // every 10 ms
    let sequence = 0;
    let owed = 0;
    const send = () => {
      for (owed += packetsPerTick; owed >= 1; owed--) {
        const header = Buffer.alloc(12);
        header[0] = 0x80;
        header[1] = opus.preferredPayloadType!;
        header.writeUInt16BE(sequence & 0xffff, 2);
        header.writeUInt32BE((sequence * 960) >>> 0, 4);
        header.writeUInt32BE(SSRC, 8);
        sequence++;
        sender.send(Buffer.concat([header, payload]), ingress.tuple.localPort, '127.0.0.1');
      }
    };
    const ticker = setInterval(send, 10);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // warm up
      const cpuBefore = cpuMs(await worker.getResourceUsage());
      const bytesBefore = deliveredBytes;
      await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
      const cpu = cpuMs(await worker.getResourceUsage()) - cpuBefore;
      const megabits = ((deliveredBytes - bytesBefore) * 8) / 1e6;
      if (megabits < INPUT_MBPS * CONSUMERS * seconds * 0.5) throw new Error(`${target.label}: only ${megabits.toFixed(1)} Mbit delivered`);
      return cpu / megabits;
    } finally {
      clearInterval(ticker);
    }
  } finally {
    sender.close();
    for (const socket of sockets) socket.close();
    worker.close();
  }
}

export interface WorkerCostRow {
  label: string;
  values: number[];
}

/** `rounds` windows per worker, alternating, so a busy moment of the machine touches both. */
export async function compareWorkerCost(targets: WorkerUnderTest[], rounds: number, seconds: number): Promise<WorkerCostRow[]> {
  const rows = targets.map((t) => ({ label: t.label, values: [] as number[] }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, target] of targets.entries()) rows[i]!.values.push(await measureWorkerCost(target, seconds));
  }
  return rows;
}

export const workerCostLoad = `${CONSUMERS} SRTP consumers of one ${INPUT_MBPS} Mbit/s stream (${PACKET_BYTES}-byte packets)`;

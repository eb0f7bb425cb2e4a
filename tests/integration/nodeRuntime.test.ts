/**
 * mediasoup 3.27, mediasoup-client 3.24 and their helpers declare node >= 22; the product runs on the
 * node 20.20 that Debian-based halls and this project's machines have. What those packages need from
 * node is checked here rather than assumed:
 *  - none of the language and runtime additions of node 21/22 that node 20 lacks appears in the code
 *    they ship (a later version that starts using one fails this test, before it fails a hall);
 *  - everything the product asks of mediasoup works on this node: a worker with a WebRtcServer, a
 *    router, WebRTC, plain and pipe transports, a producer and consumer, stats and dumps, closing.
 *    (The call, capture and standby tests exercise the rest through Chromium.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMediasoup } from '../../signaling/src/media/workerBinary';
import { routerMediaCodecs } from '../../signaling/src/media/codecs';

const packagesDeclaringNode22 = ['mediasoup', 'mediasoup-client', 'awaitqueue', 'h264-profile-level-id'];
const packageDir = (name: string) => join(import.meta.dirname, '..', '..', 'node_modules', name);

/** Added in node 21 or 22 (V8 11.8–12.4), each with the text that would use it. */
const newerThanNode20: { api: string; present: () => boolean; pattern: RegExp }[] = [
  { api: 'Promise.withResolvers', present: () => 'withResolvers' in Promise, pattern: /\bPromise\.withResolvers\b/ },
  { api: 'Object.groupBy', present: () => 'groupBy' in Object, pattern: /\bObject\.groupBy\b/ },
  { api: 'Map.groupBy', present: () => 'groupBy' in Map, pattern: /\bMap\.groupBy\b/ },
  { api: 'Set methods (union, intersection, …)', present: () => 'union' in Set.prototype, pattern: /\.(union|intersection|symmetricDifference|isSubsetOf|isSupersetOf|isDisjointFrom)\(/ },
  { api: 'Array.fromAsync', present: () => 'fromAsync' in Array, pattern: /\bArray\.fromAsync\b/ },
  { api: 'Iterator helpers', present: () => 'Iterator' in globalThis, pattern: /\bIterator\.from\b|\.values\(\)\.(map|filter|take|drop|toArray)\(/ },
  { api: 'process.getBuiltinModule', present: () => 'getBuiltinModule' in process, pattern: /\bgetBuiltinModule\b/ },
];

function shippedJs(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry === 'node_modules' || entry === 'worker' || entry === 'test') continue;
    if (statSync(path).isDirectory()) files.push(...shippedJs(path));
    else if (/\.(c|m)?js$/.test(entry)) files.push(path);
  }
  return files;
}

describe('mediasoup 3.27 on node 20', () => {
  it('runs on node 20.19 or later (the package engines say 22)', () => {
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    expect(major > 20 || (major === 20 && minor >= 19)).toBe(true);
    for (const name of packagesDeclaringNode22) {
      const { engines } = JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { engines?: { node?: string } };
      expect(engines?.node, name).toBe('>=22');
    }
  });

  it('the packages that declare node 22 use nothing node 20 lacks', () => {
    const missing = newerThanNode20.filter((feature) => !feature.present());
    // On node 20 these are missing; on a later node the check has nothing left to look for.
    if (process.versions.node.startsWith('20.')) expect(missing.map((f) => f.api)).toContain('Promise.withResolvers');
    const uses: string[] = [];
    for (const name of packagesDeclaringNode22) {
      const files = shippedJs(packageDir(name));
      expect(files.length, `${name} ships JavaScript`).toBeGreaterThan(0);
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        for (const feature of missing) if (feature.pattern.test(text)) uses.push(`${file.split('node_modules/')[1]}: ${feature.api}`);
      }
    }
    expect(uses).toEqual([]);
  });

  it('does everything the product asks of mediasoup', async () => {
    const mediasoup = await loadMediasoup();
    expect(mediasoup.version).toBe('3.27.1');
    const worker = await mediasoup.createWorker({ logLevel: 'warn' });
    try {
      const listen = { ip: '127.0.0.1', announcedAddress: '127.0.0.1', port: 0 };
      const webRtcServer = await worker.createWebRtcServer({ listenInfos: [{ protocol: 'udp', ...listen }, { protocol: 'tcp', ...listen }] });
      const router = await worker.createRouter({ mediaCodecs: routerMediaCodecs });
      const other = await worker.createRouter({ mediaCodecs: routerMediaCodecs });
      const send = await router.createWebRtcTransport({ webRtcServer, enableUdp: true, enableTcp: true, preferUdp: true });
      const recv = await router.createWebRtcTransport({ webRtcServer, enableSctp: true });
      expect(send.iceCandidates.map((c) => c.protocol).sort()).toEqual(['tcp', 'udp']);
      expect(send.iceCandidates.every((c) => c.address === '127.0.0.1')).toBe(true);
      expect(recv.sctpParameters?.port).toBe(5000);
      const producer = await send.produce({
        kind: 'video',
        rtpParameters: {
          mid: '0',
          codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }],
          encodings: [{ ssrc: 11, scalabilityMode: 'L1T3' }, { ssrc: 12, scalabilityMode: 'L1T3' }, { ssrc: 13, scalabilityMode: 'L1T3' }],
        },
      });
      const consumer = await recv.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities, paused: true });
      await consumer.setPreferredLayers({ spatialLayer: 0, temporalLayer: 2 });
      expect(consumer.preferredLayers).toEqual({ spatialLayer: 0, temporalLayer: 2 });
      // Getters give copies since 3.20: changing one leaves the consumer's own untouched.
      consumer.rtpParameters.encodings?.splice(0);
      expect(consumer.rtpParameters.encodings?.length).toBe(1);
      await consumer.resume();
      // Pipes between two routers of one worker (mediasoup's way of carrying a producer across routers).
      const [pipeFrom, pipeTo] = await Promise.all([router, other].map((r) => r.createPipeTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' } })));
      await pipeFrom!.connect({ ip: '127.0.0.1', port: pipeTo!.tuple.localPort });
      await pipeTo!.connect({ ip: '127.0.0.1', port: pipeFrom!.tuple.localPort });
      const pipeConsumer = await pipeFrom!.consume({ producerId: producer.id });
      const copy = await pipeTo!.produce({ kind: pipeConsumer.kind, rtpParameters: pipeConsumer.rtpParameters, paused: pipeConsumer.producerPaused });
      expect(copy.kind).toBe('video');
      const plain = await other.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true });
      expect(plain.tuple.localAddress).toBe('127.0.0.1');
      expect(Array.isArray(await send.getStats())).toBe(true);
      expect((await router.dump()).transportIds).toHaveLength(3);
      expect((await worker.getResourceUsage()).ru_utime).toBeGreaterThanOrEqual(0);
      router.close();
      router.close();
      expect(consumer.closed && producer.closed && send.closed).toBe(true);
    } finally {
      worker.close();
    }
  });
});

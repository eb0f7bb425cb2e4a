/**
 * `npx tsx scripts/bench/callStartTrace.ts [--runs N]`: where the product's accept → first frame spends
 * its time, against bare mediasoup (callStart.ts, alternating), with every server event timed too: for
 * each video consumer made for a browser, when it was made, resumed, asked for a keyframe and sent its
 * first one; for each video producer, when it asked the browser for a keyframe and got one. Prints the
 * median offset from the click of each page milestone and server event, per side and for bare.
 * Diagnosis only (the README's table comes from `npm run bench`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { types } from 'mediasoup';
import { loadConfig } from '../../signaling/src/config';
import { createLogger } from '../../signaling/src/logger';
import { startServer } from '../../signaling/src/server';
import { loadMediasoup } from '../../signaling/src/media/workerBinary';
import type { Peer } from '../../signaling/src/rooms/Peer';
import { RoomConsumers } from '../../signaling/src/rooms/RoomConsumers';
import { BareMediasoup } from './bare/bareServer';
import { launchChromium } from './browser';
import { compareCallStart } from './callStart';
import { percentile } from './percentiles';
import { loadNow } from './versusBare';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 10;

/** Server events, epoch ms, in order. */
const events: { at: number; what: string }[] = [];
const note = (what: string) => events.push({ at: Date.now(), what });

/** Each video producer's side (local, home), to name its consumers' events by it. */
const sides = new Map<string, string>();

// When each browser's consumer.resume reached its room, and when the worker had resumed the consumer.
const resumeConsumer = RoomConsumers.prototype.resume;
RoomConsumers.prototype.resume = async function (this: RoomConsumers, peer: Peer, consumerId: string): Promise<void> {
  const consumer = peer.consumers().find((c) => c.id === consumerId);
  const label = consumer?.kind === 'video' ? `consumer-of-${sides.get(consumer.producerId) ?? '?'}` : null;
  if (label) note(`${label}:resume-request-in`);
  await resumeConsumer.call(this, peer, consumerId);
  if (label) note(`${label}:resume-request-done`);
};

function watchConsumer(consumer: types.Consumer, kind: string): void {
  if (consumer.kind !== 'video') return;
  const label = `${kind}-of-${sides.get(consumer.producerId) ?? '?'}`;
  note(`${label}:made${consumer.paused ? '-paused' : ''}`);
  consumer.observer.on('resume', () => note(`${label}:resumed`));
  let firstKeyFrame = true;
  consumer.on('trace', (trace) => {
    if (trace.type === 'keyframe' && trace.direction === 'out' && firstKeyFrame) {
      firstKeyFrame = false;
      note(`${label}:first-keyframe-out`);
    } else if (trace.type === 'pli' || trace.type === 'fir') note(`${label}:${trace.type}-${trace.direction}`);
  });
  void consumer.enableTraceEvent(['keyframe', 'pli', 'fir']).catch(() => undefined);
}

function watchProducer(producer: types.Producer): void {
  if (producer.kind !== 'video') return;
  const side = String((producer.appData as { side?: string }).side);
  sides.set(producer.id, side);
  producer.on('trace', (trace) => {
    if (trace.type === 'keyframe' && trace.direction === 'in') note(`producer-${side}:keyframe-in`);
    else if (trace.type === 'pli' || trace.type === 'fir') note(`producer-${side}:${trace.type}-out`);
  });
  void producer.enableTraceEvent(['keyframe', 'pli', 'fir']).catch(() => undefined);
}

(await loadMediasoup()).observer.on('newworker', (worker) =>
  worker.observer.on('newrouter', (router) =>
    router.observer.on('newtransport', (transport) => {
      transport.observer.on('newproducer', watchProducer);
      transport.observer.on('newconsumer', (consumer) => watchConsumer(consumer, transport.type === 'plain' ? 'recorder' : 'consumer'));
    }),
  ),
);

// The longest event-loop delay per run (the server runs in this process).
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const rtcPortBase = Number(process.env.BENCH_RTC_PORT_BASE ?? 23000);
const dataDir = mkdtempSync(join(tmpdir(), 'vwindow-trace-'));
const server = await startServer(
  loadConfig({ ...process.env, VWINDOW_PORT: '0', VWINDOW_DATA_DIR: dataDir, VWINDOW_RTC_PORT_BASE: String(rtcPortBase), VWINDOW_LOG_LEVEL: 'warn' }),
  { logger: createLogger('warn') },
);
const browser = await launchChromium();
const bare = await BareMediasoup.create(rtcPortBase + 100);
try {
  const load = loadNow();
  const result = await compareCallStart(browser, server.url, bare, runs);
  const starts = result.product.starts;
  // Server events per run, as offsets from that run's click.
  const perRun = starts.map((start, index) => {
    const end = starts[index + 1] ?? Infinity;
    const offsets: Record<string, number> = {};
    for (const event of events) {
      if (event.at < start - 200 || event.at >= end) continue;
      offsets[event.what] ??= event.at - start;
    }
    return offsets;
  });
  const names = [...new Set(perRun.flatMap((r) => Object.keys(r)))];
  const median = (name: string) => percentile(perRun.filter((r) => name in r).map((r) => r[name]!), 50);
  console.log(`load ${load} → ${loadNow()}, ${runs} runs`);
  console.log(`product local p50 ${Math.round(percentile(result.product.local, 50))}, home p50 ${Math.round(percentile(result.product.home, 50))}, bare p50 ${Math.round(percentile(result.bare, 50))}`);
  console.log(`server events (median ms after the click): ${names.map((n) => [n, Math.round(median(n))] as const).sort((a, b) => a[1] - b[1]).map(([n, v]) => `${n} ${v}`).join(', ')}`);
  for (const side of ['local', 'home'] as const) {
    console.log(`${side} page: ${Object.entries(result.product.breakdown[side]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  console.log(`bare page: ${Object.entries(result.bareBreakdown).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (process.env.BENCH_TRACE_PC) {
    // Each run's page milestones after the click, the SDP steps among them.
    const line = (start: number, marks: Record<string, number>) =>
      Object.entries(marks)
        .map(([name, at]) => [name, Math.round(at - start)] as const)
        .filter(([, offset]) => offset >= -5)
        .sort((a, b) => a[1] - b[1])
        .map(([name, offset]) => `${name} ${offset}`)
        .join(', ');
    result.product.runs.forEach((run, index) => {
      console.log(`run ${index} local: ${line(starts[index]!, run.local)}`);
      console.log(`run ${index} home: ${line(starts[index]!, run.home)}`);
      const bareRun = result.bareRuns[index];
      if (bareRun) console.log(`run ${index} bare: ${line(bareRun.start, bareRun.marks)}`);
    });
  }
  if (process.env.TRACE_ALL) {
    starts.forEach((start, index) => {
      const end = Math.min(starts[index + 1] ?? Infinity, start + 1500);
      const seen = events.filter((e) => e.at >= start - 100 && e.at < end).map((e) => `${e.at - start} ${e.what}`);
      console.log(`run ${index}: ${seen.join(', ')}`);
    });
  }
  console.log(`server event loop delay over all runs: max ${Math.round(loopDelay.max / 1e6)} ms, p99 ${Math.round(loopDelay.percentile(99) / 1e6)} ms`);
  console.log(`runs local: ${result.product.local.map(Math.round).join(' ')}`);
  console.log(`runs home: ${result.product.home.map(Math.round).join(' ')}`);
  console.log(`runs bare: ${result.bare.map(Math.round).join(' ')}`);
} finally {
  // Closing can hang (a browser or server still busy with the last run): a diagnosis gives it 10 s, then ends.
  const closing = (async () => {
    await browser.close();
    await bare.close();
    await server.close();
  })();
  await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

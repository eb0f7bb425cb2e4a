/**
 * `npm run bench`: starts the real server on a temporary data directory and measures, through Debian's
 * Chromium with fake media, what a clerk waits for. Prints p50/p95 per measurement and their ratio to
 * the targets, as a Markdown table for the README. As root it measures the session start-up again
 * between separate network hosts (betweenHalls.ts), each row as a multiple of its loopback row, and
 * with the clerks on two nodes of a cluster sharing PostgreSQL (betweenNodes.ts). Then the
 * mediasoup worker's CPU per delivered Mbit/s, the current worker against mediasoup 3.12.16's (built
 * once by legacyWorker.sh), alternating.
 * Against bare mediasoup (bare/, callStart.ts, sessionCost.ts), alternating: call start, and what
 * COST_SESSIONS concurrent calls cost the worker and the Node process per delivered Mbit.
 * Then the API rows (apiLoad.ts): lists, statistics and audit verify against 1 k / 10 k / 50 k sessions.
 * Options: --runs N (default 20); --no-legacy-worker (measure the current worker only); --no-halls (skip
 * the rows between network hosts); --no-nodes (skip the rows of two nodes); --no-api. BENCH_RTC_PORT_BASE: the product's RTC ports (default
 * 23000; bare mediasoup's is 100 above).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../signaling/src/config';
import { createLogger } from '../../signaling/src/logger';
import { startServer } from '../../signaling/src/server';
import { documentPageMjpeg } from '../../tests/support/fakeDocumentCamera';
import { measureBetweenHalls } from './betweenHalls';
import { measureBetweenNodes } from './betweenNodes';
import { launchChromium } from './browser';
import { printApiRows } from './apiLoad';
import { measureCaptureLatency } from './captureLatency';
import { markdownTable, summarize, workerCostTable, type Summary } from './percentiles';
import { BareMediasoup } from './bare/bareServer';
import { compareCallStart } from './callStart';
import { compareSessionCost, MAX_COST_SESSIONS, TransportMeter } from './sessionCost';
import { callStartTable, loadNow, sessionCostTable } from './versusBare';
import { measureRecordingCost, recordingCostLines } from './recordingCost';
import { compareWorkerCost, workerCostLoad, workersUnderTest } from './workerCost';

/**
 * Windows of the cost comparison for each side: what the browsers get forwarded swings from window to
 * window with the bandwidth estimates on a busy machine (to the browsers, 1.5–3.0 Mbit/s for the same
 * bare calls), so the median is taken over five.
 */
const COST_WINDOWS = 5;
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;
if (!Number.isInteger(runs) || runs < 1 || runs > 500) throw new Error('--runs takes a whole number from 1 to 500');

// Counts what every mediasoup worker's WebRTC transports deliver (the product's and bare's): before any starts.
const meter = await TransportMeter.watch();
const rtcPortBase = Number(process.env.BENCH_RTC_PORT_BASE ?? 23000);
const dataDir = mkdtempSync(join(tmpdir(), 'vwindow-bench-'));
const server = await startServer(
  loadConfig({ ...process.env, VWINDOW_PORT: '0', VWINDOW_DATA_DIR: dataDir, VWINDOW_RTC_PORT_BASE: String(rtcPortBase), VWINDOW_LOG_LEVEL: 'warn' }),
  { logger: createLogger('warn') },
);
const browser = await launchChromium();
const bare = await BareMediasoup.create(rtcPortBase + 100);
// The capture measurement films the 1920×1080 document page as the document camera.
const documentBrowser = await launchChromium([`--use-file-for-fake-video-capture=${documentPageMjpeg()}`]);
const results: Summary[] = [];
try {
  console.log(`benchmark: ${runs} runs against ${server.url} (${server.services.workers.size} mediasoup workers)`);
  const loadBefore = loadNow();
  const callStart = await compareCallStart(browser, server.url, bare, runs);
  const startup = callStart.product;
  const localRow = summarize('accept → first remote frame, local side', startup.local, 300);
  const homeRow = summarize('accept → first remote frame, home side', startup.home, 300);
  results.push(localRow, homeRow);
  const capture = await measureCaptureLatency(documentBrowser, server.url, runs);
  results.push(summarize('2 MP capture click → visible on the home side', capture, 500));
  const halls = process.argv.includes('--no-halls') ? 'skipped (--no-halls)' : await measureBetweenHalls(runs);
  if (typeof halls === 'string') console.log(`between hall hosts: not measured (${halls})`);
  else {
    const over = halls.scheme.toUpperCase();
    results.push(summarize(`… local side, between hall hosts over ${over}`, halls.direct.local, { versus: localRow }));
    results.push(summarize(`… home side, between hall hosts over ${over}`, halls.direct.home, { versus: homeRow }));
    if (halls.turn) {
      results.push(summarize('… local side, hall-a through TURN over TLS', halls.turn.local, { versus: localRow }));
      results.push(summarize('… home side, hall-a through TURN over TLS', halls.turn.home, { versus: homeRow }));
    } else console.log('through TURN: not measured (the server runs no TURN)');
  }
  if (process.argv.includes('--no-nodes')) console.log('clerks on two nodes: not measured (--no-nodes)');
  else {
    const nodes = await measureBetweenNodes(browser, runs, { rtcPortBase: rtcPortBase + 200, recorderPortBase: 61_000 });
    const oneLocal = summarize('… local side, both clerks on one node of two (PostgreSQL)', nodes.oneNode.local, { versus: localRow });
    const oneHome = summarize('… home side, both clerks on one node of two (PostgreSQL)', nodes.oneNode.home, { versus: homeRow });
    results.push(oneLocal, oneHome);
    results.push(summarize('… local side, the clerks on different nodes', nodes.twoNodes.local, { versus: oneLocal }));
    results.push(summarize('… home side, the clerks on different nodes', nodes.twoNodes.home, { versus: oneHome }));
  }
  console.log(`\n${markdownTable(results)}\n`);
  const workerCost = await compareWorkerCost(await workersUnderTest(!process.argv.includes('--no-legacy-worker')), 3, 8);
  console.log(`worker CPU per delivered Mbit (ms), ${workerCostLoad}, 3 windows of 8 s each:`);
  console.log(workerCostTable(workerCost));
  console.log(`\ncall start against bare mediasoup, alternating run by run (load average ${loadBefore} → ${loadNow()}):`);
  console.log(callStartTable(callStart));
  const loadBeforeCost = loadNow();
  const cost = await compareSessionCost({ browser, baseURL: server.url, services: server.services, bare, meter }, MAX_COST_SESSIONS, COST_WINDOWS, 10);
  console.log(`\n${cost.sessions} concurrent calls against bare mediasoup with the same streams, ${COST_WINDOWS} alternating windows of ${cost.seconds} s (load average ${loadBeforeCost} → ${loadNow()}):`);
  console.log(sessionCostTable(cost));
  console.log(recordingCostLines(await measureRecordingCost(server)));
  // BENCH_RAW=1: every run's figure too, in order, to see where a tail comes from.
  if (process.env.BENCH_RAW) {
    for (const side of ['local', 'home'] as const) console.log(`runs, ${side} side (ms): ${startup[side].map(Math.round).join(' ')}`);
    console.log(`runs, bare (ms): ${callStart.bare.map(Math.round).join(' ')}`);
    for (const side of ['product', 'bare'] as const) {
      const windows = cost[side].map((w) => `${w.browsersMbps.toFixed(2)}+${w.recordersMbps.toFixed(2)} Mbit/s ${w.workerCpuMsPerMbit.toFixed(1)} ms/Mbit`);
      console.log(`cost windows, ${side} (to the browsers + the recorders, worker CPU per delivered Mbit): ${windows.join(', ')}`);
    }
  }
  console.log('median milestones after the click (ms):');
  for (const side of ['local', 'home'] as const) {
    console.log(`  ${side}: ${Object.entries(startup.breakdown[side]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  console.log(`measured ${new Date().toISOString()} on ${process.versions.node} / ${browser.version()}`);
} finally {
  await browser.close();
  await documentBrowser.close();
  await bare.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
if (!process.argv.includes('--no-api')) await printApiRows();

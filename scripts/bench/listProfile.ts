/**
 * `BENCH_API_CPU_PROF=<dir> npx tsx scripts/bench/listProfile.ts [sessions] [req/s] [rounds]`: the list
 * endpoints under load (300 req/s, 4 s each, one round by default) against one generated data directory
 * (50 k sessions by default), for a CPU profile of the server; prints p50/p99, CPU per request and the
 * longest event-loop stall of each. BENCH_API_NODE_FLAGS: more flags for the server's node (e.g. --trace-gc).
 */
import { rmSync } from 'node:fs';
import autocannon from 'autocannon';
import { startApiServer } from './apiServer';
import { seededDataDir } from './seedSessions';

const size = Number(process.argv[2] ?? 50_000);
const rate = Number(process.argv[3] ?? 300);
const rounds = Number(process.argv[4] ?? 1);
const { dataDir } = await seededDataDir(size, new Date());
const server = await startApiServer(dataDir, Number(process.env.BENCH_RTC_PORT_BASE ?? 23000) + 300);
try {
  const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'pinghu.home', password: 'Window@2026' }),
  });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  for (let round = 0; round < rounds; round++) {
    for (const path of (process.env.BENCH_LIST_PATHS ?? '/api/me /api/queue /api/cases /api/sessions').split(' ')) {
      const result = await autocannon({ url: `${server.url}${path}`, headers: { cookie }, connections: 10, overallRate: rate, duration: 4 });
      const probe = await server.readProbe();
      await server.resetProbe();
      const cpu = (probe.cpuMs / result.requests.total).toFixed(2);
      console.log(`${path}: p50 ${result.latency.p50} p99 ${result.latency.p99} done ${result.requests.total} cpu/req ${cpu} ms, stall ${probe.maxMs.toFixed(1)} ms (waiting for a CPU ${probe.waitingMs?.toFixed(1) ?? "–"} ms, longest GC pause ${probe.gcMaxMs.toFixed(1)} ms), non2xx ${result.non2xx}`);
    }
  }
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

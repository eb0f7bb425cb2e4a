/**
 * `BENCH_API_CPU_PROF=<dir> npx tsx scripts/bench/listProfile.ts [sessions]`: the list endpoints under
 * load against one generated data directory (50 k sessions by default), for a CPU profile of the server.
 */
import { rmSync } from 'node:fs';
import autocannon from 'autocannon';
import { startApiServer } from './apiServer';
import { seededDataDir } from './seedSessions';

const size = Number(process.argv[2] ?? 50_000);
const { dataDir } = await seededDataDir(size, new Date());
const server = await startApiServer(dataDir, 47_300);
try {
  const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'pinghu.home', password: 'Window@2026' }),
  });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  for (const path of ['/api/me', '/api/queue', '/api/cases', '/api/sessions']) {
    const result = await autocannon({ url: `${server.url}${path}`, headers: { cookie }, connections: 10, overallRate: 300, duration: 4 });
    const probe = await server.readProbe();
    await server.resetProbe();
    console.log(`${path}: p50 ${result.latency.p50} p99 ${result.latency.p99} done ${result.requests.total} cpu/req ${(probe.cpuMs / result.requests.total).toFixed(2)} ms, non2xx ${result.non2xx}`);
  }
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * The server the API rows load, as a process of its own (`npm start`'s entry, signaling/src/main.ts, on
 * a data directory made by seedSessions.ts) with the event-loop probe (loopProbe.ts) preloaded and read
 * over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** What loopProbe.ts answers: the longest loop delay, its p99, CPU time, the wait for a CPU around that delay, and the longest GC pause. */
export interface ProbeReading {
  maxMs: number;
  p99Ms: number;
  cpuMs: number;
  waitingMs: number | null;
  /** The longest garbage-collection pause in the window. */
  gcMaxMs: number;
}

export interface ApiServer {
  url: string;
  /** Starts a new probe window. */
  resetProbe(): Promise<void>;
  /** The longest event-loop delay (and the 99th percentile) and the CPU time used since the last reset, in ms. */
  readProbe(): Promise<ProbeReading>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function startApiServer(dataDir: string, rtcPortBase: number): Promise<ApiServer> {
  const port = await freePort();
  const child: ChildProcess = fork(join(root, 'signaling/src/main.ts'), [], {
    cwd: root,
    // BENCH_API_CPU_PROF=<dir>: a CPU profile of the server (node --cpu-prof) written there when it stops;
    // BENCH_API_NODE_FLAGS: more flags for its node, space-separated (e.g. --trace-gc).
    execArgv: [
      '--import',
      'tsx',
      '--import',
      join(root, 'scripts/bench/loopProbe.ts'),
      ...(process.env.BENCH_API_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_API_CPU_PROF}`] : []),
      ...(process.env.BENCH_API_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== ''),
    ],
    env: {
      ...process.env,
      VWINDOW_PORT: String(port),
      VWINDOW_HOST: '127.0.0.1',
      VWINDOW_DATA_DIR: dataDir,
      VWINDOW_SEED: 'none',
      VWINDOW_WORKERS: '1',
      VWINDOW_RTC_PORT_BASE: String(rtcPortBase),
      VWINDOW_LOG_LEVEL: 'warn',
      // The generated waiting sessions have no local window connected: keep them in the queue.
      VWINDOW_ABANDON_WAITING_SECONDS: '86400',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = once(child, 'exit');
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API server exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('the API server did not answer /api/health within 60 s');
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const ask = <T>(message: string, answer: string) =>
    new Promise<T>((resolve) => {
      const onMessage = (reply: unknown) => {
        if ((reply as { probe?: string }).probe !== answer) return;
        child.off('message', onMessage);
        resolve(reply as T);
      };
      child.on('message', onMessage);
      child.send(message);
    });
  return {
    url,
    resetProbe: () => ask<unknown>('probe.reset', 'reset').then(() => undefined),
    readProbe: () => ask<ProbeReading>('probe.read', 'read'),
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

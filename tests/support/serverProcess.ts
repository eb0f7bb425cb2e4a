/**
 * The product's server as `npm start` runs it (`signaling/src/main.ts`), in a process of its own that a
 * test starts, stops and starts again on the same data directory and port: what a crash or a restart
 * of the real thing looks like to the browsers. Its mediasoup workers are its child processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const READY_WITHIN_MS = 90_000;

export class ServerProcess {
  readonly dataDir: string;
  readonly #env: Record<string, string>;
  #child: ChildProcess | null = null;
  #output: string[] = [];
  #port = 0;

  /**
   * `env` adds to the defaults: 127.0.0.1, a free port on first start, a fresh data directory unless
   * `VWINDOW_DATA_DIR` names one (nodes of a cluster share theirs); the log level stays info or finer:
   * start() waits for the "ready" line.
   */
  constructor(env: Record<string, string> = {}) {
    this.dataDir = env.VWINDOW_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'vwindow-proc-'));
    this.#env = env;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  /** Whether its process runs now. */
  get running(): boolean {
    return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  get pid(): number {
    if (!this.#child?.pid) throw new Error('the server is not running');
    return this.#child.pid;
  }

  /** The last lines the server wrote (for a failure message). */
  get output(): string {
    return this.#output.join('').slice(-4000);
  }

  /** Starts the server (again, on the same port and data after the first time) and waits for "ready". */
  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'signaling/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        VWINDOW_HOST: '127.0.0.1',
        VWINDOW_PORT: String(this.#port),
        VWINDOW_DATA_DIR: this.dataDir,
        VWINDOW_LOG_LEVEL: 'info',
        ...this.#env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not say it was ready within ${READY_WITHIN_MS} ms:\n${this.output}`)), READY_WITHIN_MS);
      const onData = (chunk: Buffer) => {
        this.#output.push(chunk.toString());
        if (this.#output.length > 200) this.#output.splice(0, this.#output.length - 200);
        const ready = /ready at (https?:\/\/[^\s"]+)/.exec(chunk.toString());
        if (ready?.[1]) {
          clearTimeout(timer);
          resolveUrl(ready[1]);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code}) before it was ready:\n${this.output}`));
      });
    });
    this.#port = Number(new URL(url).port);
  }

  /** Stops the server with SIGTERM (as a service manager does) and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
    this.#child = null;
  }

  /** The PIDs of its mediasoup workers (its child processes of that name). */
  workerPids(): number[] {
    const parent = this.pid;
    const pids: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const status = readFileSync(`/proc/${entry}/status`, 'utf8');
        if (/^Name:\s*mediasoup-work/m.test(status) && new RegExp(`^PPid:\\s*${parent}$`, 'm').test(status)) pids.push(Number(entry));
      } catch {
        // The process ended while we looked.
      }
    }
    return pids;
  }

  /** Stops the server and deletes its data directory. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

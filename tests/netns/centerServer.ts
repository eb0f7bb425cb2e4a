/**
 * The product's server (`signaling/src/main.ts`, as `npm start` runs it) inside the center host, on
 * the center's address, with a fresh data directory. The server decides its own scheme: off loopback
 * it speaks HTTPS with its own CA (see signaling's TLS set-up); its "ready at <url>" line says which.
 * `extraEnv` passes more configuration (a certificate, TURN).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVER_ADDRESS, type Topology } from './topology';

const ROOT = resolve(import.meta.dirname, '../..');
const READY_WITHIN_MS = 60_000;

export interface CenterServerOptions {
  /** The product's port (default 443: a hall that reaches only 443 still reaches the product). */
  port?: number;
  /** First RTC port of the mediasoup workers (inside the center: no other process uses it). */
  rtcPortBase?: number;
  extraEnv?: Record<string, string>;
}

export class CenterServer {
  readonly url: URL;
  readonly dataDir: string;
  readonly rtcPortBase: number;
  /** Whether the server runs TURN (VWINDOW_TURN given). */
  readonly turn: boolean;
  readonly #child: ChildProcess;
  readonly #output: string[];

  private constructor(url: URL, dataDir: string, rtcPortBase: number, env: NodeJS.ProcessEnv, child: ChildProcess, output: string[]) {
    this.url = url;
    this.dataDir = dataDir;
    this.rtcPortBase = rtcPortBase;
    this.turn = Boolean(env.VWINDOW_TURN && env.VWINDOW_TURN !== 'off');
    this.#child = child;
    this.#output = output;
  }

  static async start(topology: Topology, options: CenterServerOptions = {}): Promise<CenterServer> {
    const dataDir = mkdtempSync(join(tmpdir(), 'vwindow-netns-'));
    const rtcPortBase = options.rtcPortBase ?? 40000;
    const env = {
      ...process.env,
      VWINDOW_HOST: SERVER_ADDRESS,
      VWINDOW_PORT: String(options.port ?? 443),
      VWINDOW_DATA_DIR: dataDir,
      VWINDOW_RTC_LISTEN_IP: SERVER_ADDRESS,
      VWINDOW_RTC_PORT_BASE: String(rtcPortBase),
      VWINDOW_LOG_LEVEL: 'info',
      ...options.extraEnv,
    };
    const child = spawn('ip', ['netns', 'exec', topology.ns('center'), process.execPath, '--import', 'tsx', 'signaling/src/main.ts'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const url = await new Promise<URL>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not say it was ready within ${READY_WITHIN_MS} ms:\n${output.join('')}`)), READY_WITHIN_MS);
      const onLine = (chunk: Buffer) => {
        const text = chunk.toString();
        output.push(text);
        if (output.length > 400) output.splice(0, output.length - 400);
        const ready = /virtual window ready at (\S+?)"/.exec(text) ?? /ready at (https?:\/\/\S+)/.exec(text);
        if (ready?.[1]) {
          clearTimeout(timer);
          resolveUrl(new URL(ready[1]));
        }
      };
      child.stdout?.on('data', onLine);
      child.stderr?.on('data', onLine);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code}) before it was ready:\n${output.join('')}`));
      });
    }).catch((error: unknown) => {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    });
    return new CenterServer(url, dataDir, rtcPortBase, env, child, output);
  }

  /** The server's last output lines (for a failing test's report). */
  output(): string {
    return this.#output.join('');
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its data directory; safe to call twice. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

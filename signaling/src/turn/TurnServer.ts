/**
 * The embedded TURN server: Debian's coturn (`turnserver`) run as a child process with its own
 * configuration file under <data dir>/turn, supervised (restarted with backoff if it dies) and
 * stopped with the server. `TurnServer.create()` refuses to start, naming the variable, when coturn
 * is missing or a port is taken; it resolves once coturn accepts connections.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, connect } from 'node:net';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import type { Logger } from '../logger';
import { StartupError } from '../startupError';
import { coturnConfig, type CoturnConfigInput } from './coturnConfig';

export interface TurnServerOptions extends Omit<CoturnConfigInput, 'dbFile' | 'pidFile'> {
  /** Directory for turnserver.conf, its database and pid file (mode 0700). */
  dir: string;
  logger: Logger;
  /** The turnserver binary (default: turnserver on PATH, from Debian's coturn). */
  binary?: string;
  /** First delay before restarting a turnserver that died, doubled up to 10 s. Default 200 ms. */
  restartDelayMs?: number;
}

export interface TurnServerEvents {
  exited: [pid: number, code: number | null, signal: NodeJS.Signals | null];
  restarted: [pid: number];
}

const READY_TIMEOUT_MS = 10_000;

async function portFree(kind: 'tcp' | 'udp', ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (kind === 'tcp') {
      const probe = createTcpServer();
      probe.once('error', () => resolve(false));
      probe.listen({ host: ip, port, exclusive: true }, () => probe.close(() => resolve(true)));
    } else {
      const probe = createSocket(ip.includes(':') ? 'udp6' : 'udp4');
      probe.once('error', () => {
        probe.close();
        resolve(false);
      });
      probe.bind({ address: ip, port, exclusive: true }, () => probe.close(() => resolve(true)));
    }
  });
}

function accepts(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: ip === '0.0.0.0' ? '127.0.0.1' : ip === '::' ? '::1' : ip, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export class TurnServer extends EventEmitter<TurnServerEvents> {
  readonly #options: TurnServerOptions;
  readonly #configFile: string;
  #child: ChildProcess | null = null;
  #restarts = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  static async create(options: TurnServerOptions): Promise<TurnServer> {
    const { listenIp, tlsPort, plainPort, tls } = options;
    const checks: [string, 'tcp' | 'udp', number][] = [];
    if (tls) checks.push(['VWINDOW_TURN_PORT', 'tcp', tlsPort]);
    if (plainPort > 0) checks.push(['VWINDOW_TURN_PLAIN_PORT', 'tcp', plainPort], ['VWINDOW_TURN_PLAIN_PORT', 'udp', plainPort]);
    for (const [variable, kind, port] of checks) {
      if (!(await portFree(kind, listenIp, port))) {
        throw new StartupError(variable, `${kind.toUpperCase()} port ${port} on ${listenIp} is in use (or not allowed) for the embedded TURN server; choose another port or address (VWINDOW_TURN_LISTEN_IP)`);
      }
    }
    const server = new TurnServer(options);
    try {
      await server.#start();
      await server.#ready();
    } catch (error) {
      void server.close();
      throw error;
    }
    options.logger.info({ listenIp, tlsPort: tls ? tlsPort : null, plainPort, pid: server.pid }, 'TURN server (coturn) ready');
    return server;
  }

  private constructor(options: TurnServerOptions) {
    super();
    this.#options = options;
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    this.#configFile = join(options.dir, 'turnserver.conf');
    const config = coturnConfig({ ...options, dbFile: join(options.dir, 'turndb'), pidFile: join(options.dir, 'turnserver.pid') });
    writeFileSync(this.#configFile, config, { mode: 0o600 });
  }

  get pid(): number | null {
    return this.#child?.pid ?? null;
  }

  get restarts(): number {
    return this.#restarts;
  }

  #start(): Promise<void> {
    const binary = this.#options.binary ?? 'turnserver';
    const logger = this.#options.logger;
    return new Promise((resolve, reject) => {
      const child = spawn(binary, ['-c', this.#configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      this.#child = child;
      const log = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) if (line.trim()) logger.debug({ turnserver: line.trim() }, 'coturn');
      };
      child.stdout.on('data', log);
      child.stderr.on('data', log);
      child.once('error', (error: NodeJS.ErrnoException) => {
        this.#child = null;
        reject(
          error.code === 'ENOENT'
            ? new StartupError('VWINDOW_TURN', `embedded TURN needs coturn's \`${binary}\`, which is not installed (apt-get install coturn), or set VWINDOW_TURN=off`)
            : error,
        );
      });
      child.once('spawn', () => resolve());
      child.once('exit', (code, signal) => {
        if (this.#child === child) this.#child = null;
        if (child.pid !== undefined) this.emit('exited', child.pid, code, signal);
        if (this.#closed) return;
        logger.warn({ pid: child.pid, code, signal }, 'TURN server exited; restarting it');
        this.#scheduleRestart();
      });
    });
  }

  async #ready(): Promise<void> {
    const { listenIp, tlsPort, plainPort, tls } = this.#options;
    const port = tls ? tlsPort : plainPort;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!this.#child) throw new StartupError('VWINDOW_TURN', 'the embedded TURN server (turnserver) stopped as it started; run with VWINDOW_LOG_LEVEL=debug to see its log');
      if (port === 0 || (await accepts(listenIp, port))) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new StartupError('VWINDOW_TURN', `the embedded TURN server did not accept connections on ${listenIp}:${port} within ${READY_TIMEOUT_MS / 1000} s`);
  }

  #scheduleRestart(): void {
    const base = this.#options.restartDelayMs ?? 200;
    const delay = Math.min(10_000, base * 2 ** Math.min(this.#restarts, 6));
    this.#timer = setTimeout(() => {
      if (this.#closed) return;
      this.#restarts++;
      this.#start().then(
        () => {
          if (this.#child?.pid !== undefined) this.emit('restarted', this.#child.pid);
        },
        (error: unknown) => {
          this.#options.logger.error({ err: error }, 'TURN server could not be restarted');
          this.#scheduleRestart();
        },
      );
    }, delay);
  }

  /** Stops coturn (SIGTERM, SIGKILL after 3 s) and the supervision; safe to call twice. */
  close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    const child = this.#child;
    this.#child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}

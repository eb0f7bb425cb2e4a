/**
 * One mediasoup worker per core (configurable), each with its own WebRtcServer port.
 * A worker that dies is replaced on the same port, with backoff while replacement fails.
 * Rooms share one router per worker (`placeRoom`), placed by a key (a session's home jurisdiction)
 * so that a home clerk's standby room and the sessions they may accept are on the same router; other
 * routers (network probes) go to the least-loaded live worker.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Logger } from '../logger';
import { routerMediaCodecs } from './codecs';
import { warnOfOutboundPorts } from './ephemeralPorts';
import { MediaWorker } from './MediaWorker';

export interface WorkerPoolOptions {
  size: number;
  listenIp: string;
  announcedAddress?: string;
  /** Worker n listens on portBase + n (UDP and TCP). */
  portBase: number;
  logger: Logger;
  /** First delay before retrying a failed replacement, doubled up to 10 s. Default 200 ms. */
  replaceDelayMs?: number;
}

export interface WorkerPoolEvents {
  workerdied: [index: number, pid: number];
  workerreplaced: [index: number, pid: number];
}

export interface WorkerStatus {
  index: number;
  pid: number | null;
  alive: boolean;
  port: number;
  routers: number;
  restarts: number;
}

export interface PlacedRouter {
  router: types.Router;
  webRtcServer: types.WebRtcServer;
  workerIndex: number;
}

/** A room's place: the shared router of one worker. `release()` (once) tells the worker the room left. */
export interface PlacedRoom extends PlacedRouter {
  release(): void;
}

/** How long a room waits for a replaced worker when none is alive. */
const LIVE_WORKER_WAIT_MS = 10_000;

export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  readonly #options: WorkerPoolOptions;
  readonly #slots: { worker: MediaWorker | null; restarts: number; timer?: NodeJS.Timeout }[];
  #closed = false;
  #routerRtpCapabilities: types.RtpCapabilities | null = null;

  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    try {
      await Promise.all(pool.#slots.map((_, index) => pool.#start(index)));
      // Every router gets the same codec list, hence the same capabilities: read them once from a probe.
      const probe = await pool.#slots[0]!.worker!.createRouter(routerMediaCodecs, { probe: true });
      pool.#routerRtpCapabilities = probe.rtpCapabilities;
      probe.close();
    } catch (error) {
      pool.close();
      throw error;
    }
    options.logger.info({ workers: options.size, ports: `${options.portBase}..${options.portBase + options.size - 1}` }, 'mediasoup workers ready');
    await warnOfOutboundPorts(options.logger, options.listenIp, { min: options.portBase, max: options.portBase + options.size - 1 });
    return pool;
  }

  private constructor(options: WorkerPoolOptions) {
    super();
    this.#options = options;
    this.#slots = Array.from({ length: options.size }, () => ({ worker: null, restarts: 0 }));
  }

  get size(): number {
    return this.#slots.length;
  }

  /** The RTP capabilities of every session router (they share one codec list). */
  get routerRtpCapabilities(): types.RtpCapabilities {
    return this.#routerRtpCapabilities!;
  }

  get liveCount(): number {
    return this.#slots.filter((s) => s.worker?.alive).length;
  }

  status(): WorkerStatus[] {
    return this.#slots.map((slot, index) => ({
      index,
      pid: slot.worker?.alive ? slot.worker.pid : null,
      alive: slot.worker?.alive ?? false,
      port: this.#options.portBase + index,
      routers: slot.worker?.alive ? slot.worker.routerCount : 0,
      restarts: slot.restarts,
    }));
  }

  /** The live worker at `index`, for tests and diagnostics. */
  worker(index: number): MediaWorker | null {
    const worker = this.#slots[index]?.worker;
    return worker?.alive ? worker : null;
  }

  /**
   * The live workers; when none is (the only one died and its replacement is starting), waits for the
   * replacement, up to LIVE_WORKER_WAIT_MS: clerks rejoin as soon as they hear of the reset.
   */
  async #liveWorkers(): Promise<MediaWorker[]> {
    const live = () => this.#slots.map((s) => s.worker).filter((w): w is MediaWorker => w?.alive === true);
    if (live().length > 0 || this.#closed) return live();
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.off('workerreplaced', done);
        resolve();
      };
      const timer = setTimeout(done, LIVE_WORKER_WAIT_MS);
      this.on('workerreplaced', done);
    });
    return live();
  }

  /** Creates a router on the least-loaded live worker. */
  async createRouter(appData: types.AppData = {}): Promise<PlacedRouter> {
    const live = await this.#liveWorkers();
    if (live.length === 0) throw new Error('no live mediasoup worker');
    const worker = live.reduce((a, b) => (b.routerCount < a.routerCount ? b : a));
    const router = await worker.createRouter(routerMediaCodecs, appData);
    return { router, webRtcServer: worker.webRtcServer, workerIndex: worker.index };
  }

  /**
   * The shared router of the worker `key` maps to (always the same one while it is alive; by a hash of
   * the key), or of the live worker with the fewest rooms when that one is not alive.
   */
  async placeRoom(key: string): Promise<PlacedRoom> {
    const live = await this.#liveWorkers();
    if (live.length === 0) throw new Error('no live mediasoup worker');
    const wanted = this.#slots[createHash('sha256').update(key).digest().readUInt32BE(0) % this.#slots.length]?.worker;
    const worker = wanted?.alive ? wanted : live.reduce((a, b) => (b.rooms < a.rooms ? b : a));
    const router = await worker.roomRouter(routerMediaCodecs);
    worker.rooms += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      worker.rooms -= 1;
    };
    return { router, webRtcServer: worker.webRtcServer, workerIndex: worker.index, release };
  }

  async #start(index: number): Promise<void> {
    const worker = await MediaWorker.create({
      index,
      listenIp: this.#options.listenIp,
      announcedAddress: this.#options.announcedAddress,
      port: this.#options.portBase + index,
      logger: this.#options.logger,
    });
    const slot = this.#slots[index]!;
    if (this.#closed) {
      worker.close();
      return;
    }
    slot.worker = worker;
    worker.once('died', () => {
      this.emit('workerdied', index, worker.pid);
      this.#replace(index, this.#options.replaceDelayMs ?? 200);
    });
  }

  #replace(index: number, delayMs: number): void {
    const slot = this.#slots[index]!;
    if (this.#closed) return;
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      this.#start(index).then(
        () => {
          slot.restarts += 1;
          const pid = slot.worker?.pid ?? 0;
          this.#options.logger.warn({ worker: index, pid, restarts: slot.restarts }, 'mediasoup worker replaced');
          this.emit('workerreplaced', index, pid);
        },
        (error: unknown) => {
          this.#options.logger.error({ worker: index, err: error }, 'replacing mediasoup worker failed; retrying');
          this.#replace(index, Math.min(delayMs * 2, 10_000));
        },
      );
    }, delayMs);
  }

  /** Closes every worker; safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const slot of this.#slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.worker?.close();
      slot.worker = null;
    }
  }
}

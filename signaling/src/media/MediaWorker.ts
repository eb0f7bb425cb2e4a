/**
 * One mediasoup worker process with its WebRtcServer (one UDP and one TCP port), its one router for
 * rooms (`roomRouter()`: every room placed on this worker shares it, so that a peer moves from one
 * room to another without its media crossing routers), and the count of routers it carries. Built by
 * `MediaWorker.create()`; `close()` is safe to call twice.
 */
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Logger } from '../logger';
import { loadMediasoup } from './workerBinary';

/**
 * The bandwidth estimator's settings (libwebrtc field trials): mediasoup's default (a backoff limited
 * while the sender is application-limited); a probe for more bandwidth every 2 s instead of 5 s while
 * it sends less than the estimate allows, so that a hall whose thin link is lifted gets its upper
 * camera layer back within seconds rather than climbing a few kbit/s a second towards it; and each
 * probe lasting at least 100 ms instead of 15. A link shaped by a token bucket (a hall's line limited
 * by its router or provider) lets a short burst through at full speed: a 15 ms probe fitted in a 4 kB
 * bucket, so a 400 kbit/s link "passed" probes at 1.4 Mbit/s and the worker sent it a layer it could
 * not carry (tests/netns/links.spec.ts). A 100 ms probe outlasts such a burst and measures the rate.
 * The worker counts as sending "less than the estimate allows" from 80 % of it, not 65 %: outside
 * probes the estimate grows no further than 1.5 times what is sent, and a hall held at the smallest
 * layer sends about 0.15 Mbit/s against an estimate of 0.2–0.35, which at 65 % was too seldom
 * application-limited to probe: its upper layer came back 10–18 s after its link was, in 6 of 20 runs;
 * at 80 %, 1.2–5 s in 13 of 13 (at 90 % the extra probes froze a thin link's picture).
 */
const BANDWIDTH_ESTIMATOR_TRIALS = 'WebRTC-AlrDetectorParameters/bw_usage:0.8/WebRTC-Bwe-AlrLimitedBackoff/Enabled/WebRTC-Bwe-AlrProbing/alr_interval:2s/WebRTC-Bwe-ProbingBehavior/min_probe_duration:100ms/';

export interface MediaWorkerOptions {
  /** Position in the pool; the RTC port is portBase + index. */
  index: number;
  listenIp: string;
  announcedAddress?: string;
  port: number;
  /** mediasoup's own log level. Default 'warn'. */
  logLevel?: types.WorkerLogLevel;
  logger: Logger;
}

export interface MediaWorkerEvents {
  /** The worker process ended unexpectedly. */
  died: [error: Error];
}

export class MediaWorker extends EventEmitter<MediaWorkerEvents> {
  readonly index: number;
  readonly port: number;
  readonly #worker: types.Worker;
  readonly #webRtcServer: types.WebRtcServer;
  readonly #routers = new Set<types.Router>();
  #roomRouter: Promise<types.Router> | null = null;
  /** Rooms placed on this worker now (see WorkerPool.placeRoom). */
  rooms = 0;
  #closed = false;
  #died = false;

  static async create(options: MediaWorkerOptions): Promise<MediaWorker> {
    const mediasoup = await loadMediasoup();
    const worker = await mediasoup.createWorker({ logLevel: options.logLevel ?? 'warn', libwebrtcFieldTrials: BANDWIDTH_ESTIMATOR_TRIALS });
    try {
      const listen = { ip: options.listenIp, announcedAddress: options.announcedAddress, port: options.port };
      const webRtcServer = await worker.createWebRtcServer({
        listenInfos: [
          { protocol: 'udp', ...listen },
          { protocol: 'tcp', ...listen },
        ],
      });
      return new MediaWorker(options, worker, webRtcServer);
    } catch (error) {
      worker.close();
      throw new Error(
        `mediasoup worker ${options.index}: cannot listen on ${options.listenIp}:${options.port} (${(error as Error).message})`,
        { cause: error },
      );
    }
  }

  private constructor(options: MediaWorkerOptions, worker: types.Worker, webRtcServer: types.WebRtcServer) {
    super();
    this.index = options.index;
    this.port = options.port;
    this.#worker = worker;
    this.#webRtcServer = webRtcServer;
    worker.observer.on('newrouter', (router) => {
      this.#routers.add(router);
      router.observer.once('close', () => this.#routers.delete(router));
    });
    worker.once('died', (error) => {
      this.#died = true;
      this.#routers.clear();
      options.logger.error({ worker: this.index, pid: worker.pid, err: error }, 'mediasoup worker died');
      this.emit('died', error);
    });
  }

  get pid(): number {
    return this.#worker.pid;
  }

  get alive(): boolean {
    return !this.#closed && !this.#died;
  }

  get routerCount(): number {
    return this.#routers.size;
  }

  get webRtcServer(): types.WebRtcServer {
    return this.#webRtcServer;
  }

  async createRouter(mediaCodecs: types.RouterRtpCodecCapability[], appData: types.AppData = {}): Promise<types.Router> {
    if (!this.alive) throw new Error(`mediasoup worker ${this.index} is not alive`);
    return this.#worker.createRouter({ mediaCodecs, appData });
  }

  /**
   * The router every room on this worker shares, made on first use (the codecs of `mediaCodecs`). It
   * lives as long as the worker: rooms close their own transports, never this router.
   */
  roomRouter(mediaCodecs: types.RouterRtpCodecCapability[]): Promise<types.Router> {
    if (!this.#roomRouter) {
      const made = this.createRouter(mediaCodecs, { rooms: true });
      this.#roomRouter = made;
      made.then(
        (router) => {
          // Every room on the worker listens for its close (the worker died): no limit on listeners.
          router.observer.setMaxListeners(0);
          router.observer.once('close', () => (this.#roomRouter = null));
        },
        () => (this.#roomRouter = null),
      );
    }
    return this.#roomRouter;
  }

  /** Memory and CPU use of the worker process (getrusage). */
  async resourceUsage(): Promise<types.WorkerResourceUsage | null> {
    return this.alive ? this.#worker.getResourceUsage() : null;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#routers.clear();
    this.#worker.close();
  }
}

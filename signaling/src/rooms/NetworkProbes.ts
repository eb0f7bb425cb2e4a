/**
 * The self-test page's network probes (protocol/networkProbe.ts): per signaling connection, a router
 * of its own with at most one WebRtcTransport per path. Closed on 'probe.close', with the connection,
 * or two minutes after they were opened; `close()` is safe to call twice.
 */
import { once } from 'node:events';
import type { types } from 'mediasoup';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { WorkerPool } from '../media/WorkerPool';
import type { ProbePath, ProbeResponses, ProbeResult } from '../protocol';
import type { SignalingConnection } from '../ws/SignalingConnection';
import type { IceServerSource } from './webRtcTransports';
import { transportInfo } from './webRtcTransports';
import { unknownId } from './Peer';
import { checkedByMediasoup } from './mediaInput';
import { RoomChannel } from './roomChannel';

const PROBE_LIFETIME_MS = 120_000;
/** How long an answer waits for the worker's word of the path it chose (see result). */
const TUPLE_WAIT_MS = 2_000;

interface ProbeSet {
  router: Promise<{ router: types.Router; channel: RoomChannel }>;
  transports: Map<ProbePath, types.WebRtcTransport>;
  timer: NodeJS.Timeout;
}

export interface NetworkProbesOptions {
  workers: WorkerPool;
  iceServers: IceServerSource;
  logger: Logger;
}

export class NetworkProbes {
  readonly #options: NetworkProbesOptions;
  readonly #sets = new Map<SignalingConnection, ProbeSet>();
  readonly #webRtcServers = new WeakMap<types.Router, types.WebRtcServer>();

  constructor(options: NetworkProbesOptions) {
    this.#options = options;
  }

  async open(connection: SignalingConnection, path: ProbePath): Promise<ProbeResponses['probe.open']> {
    const set = this.#setFor(connection);
    try {
      const { router, channel } = await set.router;
      set.transports.get(path)?.close();
      const transport = await router.createWebRtcTransport({
        webRtcServer: this.#webRtcServers.get(router)!,
        enableUdp: path !== 'tcp',
        enableTcp: path !== 'udp',
        preferUdp: true,
        enableSctp: true,
        appData: { probe: path },
      });
      set.transports.set(path, transport);
      const iceServers = path === 'relay' ? this.#options.iceServers(connection.staff.id, connection.signInExpiresAt) : [];
      return { transport: transportInfo(transport, iceServers), channel: await channel.consumerFor(transport) };
    } catch (error) {
      // The probes were closed ('probe.close', the connection, the timer) while this one was opening:
      // its router went away underneath it. That is the client's doing, not a server failure.
      if (this.#sets.get(connection) !== set) throw new AppError('NOT_IN_ROOM');
      throw error;
    }
  }

  async connect(connection: SignalingConnection, transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    const transport = this.#transport(connection, transportId);
    await checkedByMediasoup(() => transport.connect({ dtlsParameters }));
  }

  /**
   * What the server saw of the probe. The worker tells of the path it chose in a notification of its
   * own, which on a busy server may come after the browser, connected, asks: it is waited for a moment.
   */
  async result(connection: SignalingConnection, transportId: string): Promise<ProbeResult> {
    const transport = this.#transport(connection, transportId);
    if (!transport.iceSelectedTuple) {
      await once(transport, 'iceselectedtuplechange', { signal: AbortSignal.timeout(TUPLE_WAIT_MS) }).catch(() => undefined);
    }
    const tuple = transport.iceSelectedTuple;
    return {
      iceState: transport.iceState,
      dtlsState: transport.dtlsState,
      tuple: tuple ? { protocol: tuple.protocol, remoteIp: tuple.remoteIp ?? '', remotePort: tuple.remotePort ?? 0, localPort: tuple.localPort } : null,
    };
  }

  /** Closes the connection's probes and their router. */
  closeFor(connection: SignalingConnection): void {
    const set = this.#sets.get(connection);
    if (!set) return;
    this.#sets.delete(connection);
    clearTimeout(set.timer);
    set.router.then(
      ({ router }) => router.close(),
      () => {},
    );
  }

  close(): void {
    for (const connection of [...this.#sets.keys()]) this.closeFor(connection);
  }

  #setFor(connection: SignalingConnection): ProbeSet {
    let set = this.#sets.get(connection);
    if (!set) {
      const router = this.#options.workers.createRouter({ networkProbe: true }).then(({ router, webRtcServer }) => {
        this.#webRtcServers.set(router, webRtcServer);
        return { router, channel: new RoomChannel(router) };
      });
      const timer = setTimeout(() => this.closeFor(connection), PROBE_LIFETIME_MS);
      timer.unref();
      set = { router, transports: new Map(), timer };
      this.#sets.set(connection, set);
      router.catch((error: unknown) => {
        this.#options.logger.warn({ err: error }, 'probe router failed');
        this.closeFor(connection);
      });
    }
    return set;
  }

  #transport(connection: SignalingConnection, transportId: string): types.WebRtcTransport {
    const set = this.#sets.get(connection);
    if (!set) throw new AppError('NOT_IN_ROOM');
    for (const transport of set.transports.values()) if (transport.id === transportId && !transport.closed) return transport;
    throw unknownId('transportId', transportId);
  }
}

/**
 * Bare mediasoup, the benchmark's baseline: one worker of the same binary as the product's
 * (MEDIASOUP_WORKER_BIN, through loadMediasoup), one WebRtcServer port, one router per room with the
 * product's codecs, and signaling as a JSON request/answer over a plain WebSocket. No sign-in, no
 * database, no standby, no pipes: what a page that publishes and a page that joins need, nothing more.
 * It serves the page (client.ts, bundled here with esbuild) at `/?room=R&peer=P`.
 * With `recordEveryProducer(true)` each new producer is also consumed the way the product's recorders
 * consume it (recording/TrackRecorder.ts: a PlainTransport, the codec alone, video at the recorded
 * layers), sent to a UDP socket of this process that drops it: the same streams out of the worker as the
 * product's recorded calls, without FFmpeg (what the recorders cost themselves is recordingCost.ts's).
 * `close()` is safe to call twice.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { types } from 'mediasoup';
import { WebSocketServer, type WebSocket } from 'ws';
import { routerMediaCodecs } from '../../../signaling/src/media/codecs';
import { loadMediasoup } from '../../../signaling/src/media/workerBinary';
import { RECORDED_LAYERS, recorderCapabilities } from '../../../signaling/src/recording/TrackRecorder';

interface BarePeer {
  room: string;
  transports: Map<string, types.WebRtcTransport>;
  /** The recording taps' transports (recordEveryProducer). */
  taps: types.PlainTransport[];
  producers: types.Producer[];
  consumers: Map<string, types.Consumer>;
}

const PAGE = '<!doctype html><meta charset="utf-8"><title>bare</title><button>接收</button><script type="module" src="/client.js"></script>';

async function bundleClient(): Promise<string> {
  const root = join(import.meta.dirname, '..', '..', '..');
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'client.ts')],
    bundle: true,
    format: 'esm',
    write: false,
    target: 'chrome120',
    alias: { $lib: join(root, 'apps/web/src/lib'), $shared: join(root, 'signaling/src/protocol') },
    define: { __VWINDOW_TEST_HOOKS__: 'false' },
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

export class BareMediasoup {
  readonly url: string;
  readonly worker: types.Worker;
  readonly #http: Server;
  readonly #wss: WebSocketServer;
  readonly #webRtcServer: types.WebRtcServer;
  readonly #routers = new Map<string, Promise<types.Router>>();
  readonly #peers = new Map<string, BarePeer>();
  /** Where the recording taps send (a socket that drops what it gets); null while not recording. */
  #tapSink: Socket | null = null;

  static async create(port: number): Promise<BareMediasoup> {
    const mediasoup = await loadMediasoup();
    const worker = await mediasoup.createWorker({ logLevel: 'error' });
    const listen = { ip: '127.0.0.1', port };
    const webRtcServer = await worker.createWebRtcServer({ listenInfos: [{ protocol: 'udp', ...listen }, { protocol: 'tcp', ...listen }] });
    const script = await bundleClient();
    const http = createServer((request, response) => {
      const isScript = request.url === '/client.js';
      response.writeHead(200, { 'content-type': isScript ? 'text/javascript' : 'text/html; charset=utf-8' });
      response.end(isScript ? script : PAGE);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const address = http.address();
    if (!address || typeof address === 'string') throw new Error('bare server: no port');
    return new BareMediasoup(`http://127.0.0.1:${address.port}`, http, worker, webRtcServer);
  }

  private constructor(url: string, http: Server, worker: types.Worker, webRtcServer: types.WebRtcServer) {
    this.url = url;
    this.#http = http;
    this.worker = worker;
    this.#webRtcServer = webRtcServer;
    this.#wss = new WebSocketServer({ server: http, path: '/ws' });
    this.#wss.on('connection', (socket, request) => {
      const query = new URL(request.url ?? '/', this.url).searchParams;
      const peerId = `${query.get('room') ?? 'r'}/${query.get('peer') ?? 'p'}`;
      this.#closePeer(peerId);
      this.#peers.set(peerId, { room: query.get('room') ?? 'r', transports: new Map(), taps: [], producers: [], consumers: new Map() });
      socket.on('message', (raw) => void this.#answer(socket, peerId, String(raw)));
      socket.on('close', () => this.#closePeer(peerId));
    });
  }

  async #answer(socket: WebSocket, peerId: string, raw: string): Promise<void> {
    const { id, method, data } = JSON.parse(raw) as { id: number; method: string; data: Record<string, unknown> };
    try {
      socket.send(JSON.stringify({ id, data: await this.#handle(peerId, method, data) }));
    } catch (error) {
      socket.send(JSON.stringify({ id, error: (error as Error).message }));
    }
  }

  #router(room: string): Promise<types.Router> {
    let router = this.#routers.get(room);
    if (!router) {
      router = this.worker.createRouter({ mediaCodecs: routerMediaCodecs });
      this.#routers.set(room, router);
    }
    return router;
  }

  async #handle(peerId: string, method: string, data: Record<string, unknown>): Promise<unknown> {
    const peer = this.#peers.get(peerId);
    if (!peer) throw new Error('no such peer');
    const router = await this.#router(peer.room);
    switch (method) {
      case 'capabilities':
        return router.rtpCapabilities;
      case 'createTransport': {
        const transport = await router.createWebRtcTransport({ webRtcServer: this.#webRtcServer, enableUdp: true, enableTcp: true, preferUdp: true });
        peer.transports.set(transport.id, transport);
        const { iceParameters, iceCandidates, dtlsParameters } = transport;
        return { id: transport.id, iceParameters, iceCandidates, dtlsParameters };
      }
      case 'connect':
        await this.#transport(peer, data.transportId).connect({ dtlsParameters: data.dtlsParameters as types.DtlsParameters });
        return {};
      case 'produce': {
        const producer = await this.#transport(peer, data.transportId).produce({ kind: data.kind as types.MediaKind, rtpParameters: data.rtpParameters as types.RtpParameters });
        peer.producers.push(producer);
        if (this.#tapSink) peer.taps.push(await this.#tap(router, producer, this.#tapSink));
        return { id: producer.id };
      }
      case 'consume': {
        const transport = this.#transport(peer, data.transportId);
        const rtpCapabilities = data.rtpCapabilities as types.RtpCapabilities;
        const others = [...this.#peers.values()].filter((other) => other !== peer && other.room === peer.room).flatMap((other) => other.producers);
        const consumers = await Promise.all(
          others
            .filter((producer) => router.canConsume({ producerId: producer.id, rtpCapabilities }))
            .map((producer) => transport.consume({ producerId: producer.id, rtpCapabilities, paused: true })),
        );
        for (const consumer of consumers) peer.consumers.set(consumer.id, consumer);
        return consumers.map(({ id, producerId, kind, rtpParameters }) => ({ id, producerId, kind, rtpParameters }));
      }
      case 'resume':
        await peer.consumers.get(String(data.consumerId))?.resume();
        return {};
      default:
        throw new Error(`unknown method ${method}`);
    }
  }

  #transport(peer: BarePeer, id: unknown): types.WebRtcTransport {
    const transport = peer.transports.get(String(id));
    if (!transport) throw new Error('no such transport');
    return transport;
  }

  /** Records producers made from now on (see above), or stops doing so for new ones. */
  async recordEveryProducer(on: boolean): Promise<void> {
    if (on && !this.#tapSink) {
      const sink = createSocket('udp4');
      sink.on('message', () => undefined);
      await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
      this.#tapSink = sink;
    } else if (!on && this.#tapSink) {
      this.#tapSink.close();
      this.#tapSink = null;
    }
  }

  async #tap(router: types.Router, producer: types.Producer, sink: Socket): Promise<types.PlainTransport> {
    const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: false });
    await transport.connect({ ip: '127.0.0.1', port: sink.address().port });
    await transport.consume({
      producerId: producer.id,
      rtpCapabilities: recorderCapabilities(router, producer.kind),
      ...(producer.kind === 'video' ? { preferredLayers: RECORDED_LAYERS } : {}),
    });
    return transport;
  }

  #closePeer(peerId: string): void {
    const peer = this.#peers.get(peerId);
    if (!peer) return;
    this.#peers.delete(peerId);
    for (const transport of [...peer.transports.values(), ...peer.taps]) transport.close();
  }

  async close(): Promise<void> {
    for (const socket of this.#wss.clients) socket.terminate();
    this.#wss.close();
    await this.recordEveryProducer(false);
    await new Promise((resolve) => this.#http.close(resolve));
    this.worker.close();
  }
}

/**
 * Producers carried from one router to another over a pair of mediasoup PipeTransports. A home clerk
 * who stood by on a router of their own keeps their transports there after the accept: their producers
 * are piped into the session's router for the others, and the others' producers into theirs. A piped
 * producer follows its source's pause and resume and closes with it. It has an id of its own: two
 * routers on one worker share that worker's ids, so the copy cannot take its source's.
 *
 * Unlike `router.pipeToRouter()`, a pipe does not connect until `connect()`: a pipe consumer asks its
 * source for a keyframe the moment it is connected, and a browser ignores a second request for 300 ms,
 * so the first keyframe must wait until a consumer at the far end can take it (its transport connected).
 */
import type { types } from 'mediasoup';

interface Pipe {
  from: types.PipeTransport;
  to: types.PipeTransport;
  connected: Promise<void> | null;
}

/** The same loopback the pipes listen on whatever the WebRTC listen address. */
const PIPE_LISTEN_INFO: types.TransportListenInfo = { protocol: 'udp', ip: '127.0.0.1' };

export class RouterPipes {
  /** By "from router id → to router id": one transport pair per direction. */
  readonly #pipes = new Map<string, Promise<Pipe>>();
  /** By destination router id and producer id: the piped producer made or being made. */
  readonly #piped = new Map<string, Promise<types.Producer>>();
  /** The same, once made. */
  readonly #copies = new Map<string, types.Producer>();

  /**
   * The copy of `producerId` (which lives on `from`) on `to`, made on first request; concurrent and
   * later requests get the same one. No media flows until the pipe is connected.
   */
  pipe(from: types.Router, to: types.Router, producerId: string): Promise<types.Producer> {
    const key = `${to.id}:${producerId}`;
    const existing = this.#piped.get(key);
    if (existing) return existing;
    const made = this.#pipeOnce(from, to, producerId);
    this.#piped.set(key, made);
    made.then(
      (pipeProducer) => {
        this.#copies.set(key, pipeProducer);
        pipeProducer.observer.once('close', () => {
          this.#piped.delete(key);
          this.#copies.delete(key);
        });
      },
      () => this.#piped.delete(key),
    );
    return made;
  }

  /** The copy of `producerId` made on `to`, if one was. */
  copyOn(to: types.Router, producerId: string): types.Producer | undefined {
    return this.#copies.get(`${to.id}:${producerId}`);
  }

  /** Lets media flow from `from` to `to` (once; a pipe not made yet is left alone). */
  async connect(from: types.Router, to: types.Router): Promise<void> {
    const pipe = await this.#pipes.get(`${from.id}>${to.id}`);
    if (!pipe) return;
    pipe.connected ??= Promise.all([
      pipe.from.connect({ ip: pipe.to.tuple.localIp, port: pipe.to.tuple.localPort }),
      pipe.to.connect({ ip: pipe.from.tuple.localIp, port: pipe.from.tuple.localPort }),
    ]).then(() => undefined);
    await pipe.connected;
  }

  /**
   * Connects the pipes along `routers` (each to the next, where they differ) once `transport`, a
   * browser's, is connected.
   */
  openAlong(transport: types.WebRtcTransport, routers: types.Router[], onError: (error: unknown) => void): void {
    const hops = routers.slice(1).map((to, index) => [routers[index]!, to] as const).filter(([from, to]) => from !== to);
    if (hops.length === 0) return;
    const open = () => {
      for (const [from, to] of hops) this.connect(from, to).catch(onError);
    };
    if (transport.dtlsState === 'connected') return open();
    const onState = (state: types.DtlsState) => {
      if (state !== 'connected') return;
      transport.off('dtlsstatechange', onState);
      open();
    };
    transport.on('dtlsstatechange', onState);
  }

  async #pipeOnce(from: types.Router, to: types.Router, producerId: string): Promise<types.Producer> {
    const pipe = await this.#pipeBetween(from, to);
    const pipeConsumer = await pipe.from.consume({ producerId });
    let pipeProducer: types.Producer;
    try {
      pipeProducer = await pipe.to.produce({
        kind: pipeConsumer.kind,
        rtpParameters: pipeConsumer.rtpParameters,
        paused: pipeConsumer.producerPaused,
        appData: pipeConsumer.appData,
      });
    } catch (error) {
      pipeConsumer.close();
      throw error;
    }
    pipeConsumer.observer.on('close', () => pipeProducer.close());
    pipeConsumer.observer.on('pause', () => void pipeProducer.pause().catch(() => undefined));
    pipeConsumer.observer.on('resume', () => void pipeProducer.resume().catch(() => undefined));
    pipeProducer.observer.on('close', () => pipeConsumer.close());
    return pipeProducer;
  }

  #pipeBetween(from: types.Router, to: types.Router): Promise<Pipe> {
    const key = `${from.id}>${to.id}`;
    let pipe = this.#pipes.get(key);
    if (!pipe) {
      pipe = Promise.allSettled([from.createPipeTransport({ listenInfo: PIPE_LISTEN_INFO }), to.createPipeTransport({ listenInfo: PIPE_LISTEN_INFO })]).then(([made, madeTo]) => {
        if (made.status === 'rejected' || madeTo.status === 'rejected') {
          // Half a pair is of no use: close what was made.
          if (made.status === 'fulfilled') made.value.close();
          if (madeTo.status === 'fulfilled') madeTo.value.close();
          throw made.status === 'rejected' ? made.reason : (madeTo as PromiseRejectedResult).reason;
        }
        const [a, b] = [made.value, madeTo.value];
        const forget = () => {
          a.close();
          b.close();
          this.#pipes.delete(key);
        };
        a.observer.once('close', forget);
        b.observer.once('close', forget);
        return { from: a, to: b, connected: null };
      });
      this.#pipes.set(key, pipe);
      pipe.catch(() => this.#pipes.delete(key));
    }
    return pipe;
  }
}

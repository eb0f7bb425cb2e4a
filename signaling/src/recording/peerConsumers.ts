/**
 * The clerks' video consumers on a room's router that wait for their first resume, so that a
 * recorder of the same producer resumes with them at a call's start rather than before them.
 *
 * Why: resuming a video consumer asks the sender for a keyframe, and a browser answers such requests
 * at most once per ~300 ms (libwebrtc's minimum keyframe interval). Resumed at the accept, a
 * recorder took the call's first keyframe, and the clerks' consumers, resumed by their pages some
 * 50–100 ms later, waited ~0.3 s for the next one: the first picture came that much later. Resumed
 * right after the first clerk's consumer, the recorder receives the keyframe the clerk asked for; the
 * recording's picture begins with the call's first picture (its sound from the accept).
 */
import type { types } from 'mediasoup';
import { loadMediasoup } from '../media/workerBinary';

/**
 * Every router's watch, made when the router is: the clerks' transports on a session's router (the
 * worker's shared room router) are made long before the session (standby, waiting), so a watch begun
 * with the session would not see their consumers. Installed when this module loads, before any
 * worker of the server starts.
 */
const watches = new WeakMap<types.Router, PeerConsumers>();
void loadMediasoup().then(
  (mediasoup) => mediasoup.observer.on('newworker', (worker) => worker.observer.on('newrouter', (router) => watches.set(router, new PeerConsumers(router)))),
  () => undefined,
);

/** The watch of `router`'s consumers (made now if the router is older than this module). */
export function peerConsumersOf(router: types.Router): PeerConsumers {
  let watch = watches.get(router);
  if (!watch) watches.set(router, (watch = new PeerConsumers(router)));
  return watch;
}

export class PeerConsumers {
  readonly #router: types.Router;
  /** By producer id: video consumers made paused and not resumed yet (not the recorders'). */
  readonly #waiting = new Map<string, Set<types.Consumer>>();
  /** Called whenever a consumer leaves `#waiting`. */
  readonly #listeners = new Set<() => void>();
  readonly #onTransport = (transport: types.Transport) => {
    if ((transport.appData as { recording?: boolean }).recording) return;
    transport.observer.on('newconsumer', (consumer) => this.#watch(consumer));
  };

  constructor(router: types.Router) {
    this.#router = router;
    router.observer.on('newtransport', this.#onTransport);
    router.observer.once('close', () => this.close());
  }

  #watch(consumer: types.Consumer): void {
    if (consumer.kind !== 'video' || !consumer.paused) return;
    let waiting = this.#waiting.get(consumer.producerId);
    if (!waiting) this.#waiting.set(consumer.producerId, (waiting = new Set()));
    waiting.add(consumer);
    const done = () => {
      consumer.observer.off('resume', done);
      consumer.observer.off('close', done);
      waiting.delete(consumer);
      if (waiting.size === 0 && this.#waiting.get(consumer.producerId) === waiting) this.#waiting.delete(consumer.producerId);
      for (const listener of [...this.#listeners]) listener();
    };
    consumer.observer.on('resume', done);
    consumer.observer.on('close', done);
  }

  /**
   * Resolves at once when no consumer of `producerId` waits for its first resume, else when the first
   * of them is resumed (or closed), or after `timeoutMs` at most.
   */
  untilResumed(producerId: string, timeoutMs = 1000): Promise<void> {
    const waiting = this.#waiting.get(producerId);
    if (!waiting || waiting.size === 0) return Promise.resolve();
    const before = new Set(waiting);
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        resolve();
      };
      const check = () => {
        if ([...before].some((consumer) => !waiting.has(consumer))) finish();
      };
      const timer = setTimeout(finish, timeoutMs);
      this.#listeners.add(check);
    });
  }

  /** Stops watching (a wait in progress ends by its timeout). */
  close(): void {
    this.#router.observer.off('newtransport', this.#onTransport);
    this.#waiting.clear();
  }
}

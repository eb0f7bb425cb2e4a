/**
 * The consumers this browser set up ahead of a call (consumer.ahead): receivers ready, nothing drawn,
 * by producer id. The call takes one when the server hands the same consumer out; one the server takes
 * back, or one of a closed transport, is forgotten (and closed). Not reactive.
 */
import type { types } from 'mediasoup-client';

export class ConsumersAhead {
  readonly #setUp = new Map<string, { token: object; consumer: Promise<types.Consumer | null> }>();

  has(producerId: string): boolean {
    return this.#setUp.has(producerId);
  }

  /**
   * Keeps the consumer `setUp` makes for `producerId` (null: it was not kept); `stillWanted()` tells
   * `setUp`, once it has made it, whether it is still wanted here. Settles when it is set up.
   */
  add(producerId: string, setUp: (stillWanted: () => boolean) => Promise<types.Consumer | null>): Promise<void> {
    const token = {};
    const stillWanted = () => this.#setUp.get(producerId)?.token === token;
    const consumer = setUp(stillWanted);
    this.#setUp.set(producerId, { token, consumer });
    return consumer.then(
      () => undefined,
      (error: unknown) => {
        if (stillWanted()) this.#setUp.delete(producerId);
        throw error;
      },
    );
  }

  /** The consumer set up for `producerId`, if it is `consumerId` (the call's); any other is closed. */
  async take(producerId: string, consumerId: string): Promise<types.Consumer | null> {
    const entry = this.#setUp.get(producerId);
    if (!entry) return null;
    this.#setUp.delete(producerId);
    const consumer = await entry.consumer.catch(() => null);
    if (consumer && consumer.id === consumerId && !consumer.closed) return consumer;
    consumer?.close();
    return null;
  }

  /** The server took it back (or its producer went): closed once set up. */
  drop(producerId: string): void {
    const entry = this.#setUp.get(producerId);
    if (!entry) return;
    this.#setUp.delete(producerId);
    void entry.consumer.then(
      (consumer) => consumer?.close(),
      () => undefined,
    );
  }

  /** The transports closed, and every consumer on them. */
  clear(): void {
    this.#setUp.clear();
  }
}

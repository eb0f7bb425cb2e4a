/**
 * The other side's producers this browser receives or is about to receive, so that each is consumed
 * once, whether it was listed at the join or announced later (or both). Not reactive.
 */
export class ConsumedProducers {
  readonly #ids = new Set<string>();

  /** Marks `producerId` as taken; false when it already was. */
  claim(producerId: string): boolean {
    if (this.#ids.has(producerId)) return false;
    this.#ids.add(producerId);
    return true;
  }

  has(producerId: string): boolean {
    return this.#ids.has(producerId);
  }

  release(producerId: string): void {
    this.#ids.delete(producerId);
  }

  clear(): void {
    this.#ids.clear();
  }
}

/**
 * Results kept while the database has not changed: a figure asked for again with the same key and
 * the same change mark (databaseChangeMark) is answered from the one computed before, and requests
 * that arrive while it is being computed share that computation.
 */
export class UnchangedResults<T> {
  readonly #entries = new Map<string, { mark: string; value: Promise<T> }>();
  readonly #maxEntries: number;

  constructor(options: { maxEntries?: number } = {}) {
    this.#maxEntries = options.maxEntries ?? 64;
  }

  get(key: string, mark: string, compute: () => Promise<T>): Promise<T> {
    const entry = this.#entries.get(key);
    if (entry && entry.mark === mark) return entry.value;
    const value = compute();
    this.#entries.delete(key);
    this.#entries.set(key, { mark, value });
    // A failed computation is not kept.
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    return value;
  }
}

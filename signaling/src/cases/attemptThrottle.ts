/**
 * Counts failed attempts per key (an address, a case number) in a fixed window, so that guessing
 * (e.g. the last four ID characters on the public status page) is slowed to a few tries a key.
 */
export interface AttemptThrottleOptions {
  /** Failures allowed per key and window. */
  limit: number;
  windowMs: number;
  /** Keys remembered at most; the oldest are forgotten first. Default 10,000. */
  maxKeys?: number;
  now?: () => number;
}

export class AttemptThrottle {
  readonly #options: Required<AttemptThrottleOptions>;
  readonly #failures = new Map<string, { count: number; resetAt: number }>();

  constructor(options: AttemptThrottleOptions) {
    this.#options = { maxKeys: 10_000, now: Date.now, ...options };
  }

  /** Minutes until `key` may try again, or 0 when it may now. */
  blockedMinutes(key: string): number {
    const entry = this.#current(key);
    if (!entry || entry.count < this.#options.limit) return 0;
    return Math.max(1, Math.ceil((entry.resetAt - this.#options.now()) / 60_000));
  }

  fail(key: string): void {
    const entry = this.#current(key) ?? { count: 0, resetAt: this.#options.now() + this.#options.windowMs };
    entry.count++;
    this.#failures.delete(key);
    this.#failures.set(key, entry);
    while (this.#failures.size > this.#options.maxKeys) this.#failures.delete(this.#failures.keys().next().value!);
  }

  #current(key: string) {
    const entry = this.#failures.get(key);
    if (entry && entry.resetAt <= this.#options.now()) {
      this.#failures.delete(key);
      return undefined;
    }
    return entry;
  }
}

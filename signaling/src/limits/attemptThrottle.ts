/**
 * Counts attempts per key (an address, a username) in a fixed window and says when a key has used
 * up its allowance: wrong guesses of the last four ID characters, password checks a minute, and so on.
 */
export interface AttemptThrottleOptions {
  /** Attempts allowed per key and window. */
  limit: number;
  windowMs: number;
  /** Keys remembered at most; the oldest are forgotten first. Default 10,000. */
  maxKeys?: number;
  now?: () => number;
}

export class AttemptThrottle {
  readonly #options: Required<AttemptThrottleOptions>;
  readonly #attempts = new Map<string, { count: number; resetAt: number }>();

  constructor(options: AttemptThrottleOptions) {
    this.#options = { maxKeys: 10_000, now: Date.now, ...options };
  }

  /** Minutes until `key` may try again, or 0 when it may now. */
  blockedMinutes(key: string): number {
    const entry = this.#current(key);
    if (!entry || entry.count < this.#options.limit) return 0;
    return Math.max(1, Math.ceil((entry.resetAt - this.#options.now()) / 60_000));
  }

  /** Attempts of `key` in its current window. */
  count(key: string): number {
    return this.#current(key)?.count ?? 0;
  }

  /** Counts one attempt of `key`; true when this one used up its allowance (the block begins). */
  record(key: string): boolean {
    const entry = this.#current(key) ?? { count: 0, resetAt: this.#options.now() + this.#options.windowMs };
    entry.count++;
    this.#attempts.delete(key);
    this.#attempts.set(key, entry);
    while (this.#attempts.size > this.#options.maxKeys) this.#attempts.delete(this.#attempts.keys().next().value!);
    return entry.count === this.#options.limit;
  }

  /** Takes back one attempt of `key` (one that turned out not to count, e.g. a right password). */
  refund(key: string): void {
    const entry = this.#current(key);
    if (entry && entry.count > 0) entry.count--;
  }

  /** Forgets `key` (e.g. after a successful sign-in). */
  clear(key: string): void {
    this.#attempts.delete(key);
  }

  #current(key: string) {
    const entry = this.#attempts.get(key);
    if (entry && entry.resetAt <= this.#options.now()) {
      this.#attempts.delete(key);
      return undefined;
    }
    return entry;
  }
}

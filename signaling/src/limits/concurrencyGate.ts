/**
 * At most `limit` holders at a time, and at most `queueLimit` waiting for a turn: what keeps a few
 * expensive jobs (scrypt on libuv's thread pool) from taking every thread the rest of the server needs.
 */
export class ConcurrencyGate {
  readonly #limit: number;
  readonly #queueLimit: number;
  readonly #waiting: (() => void)[] = [];
  #running = 0;

  constructor(options: { limit: number; queueLimit: number }) {
    this.#limit = options.limit;
    this.#queueLimit = options.queueLimit;
  }

  /** Whether a new `enter()` would have to be refused (every turn taken and the queue full). */
  get full(): boolean {
    return this.#running >= this.#limit && this.#waiting.length >= this.#queueLimit;
  }

  get running(): number {
    return this.#running;
  }

  /** Waits for a turn (check `full` first); resolves with the function that gives it back (safe to call twice). */
  async enter(): Promise<() => void> {
    if (this.#running < this.#limit) this.#running++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    };
  }
}

/**
 * At most `limit` holders at a time; the others wait for a turn, first come first served. What keeps
 * a few expensive jobs (scrypt on libuv's thread pool) from taking every thread the rest of the server
 * needs. How many may wait is the caller's to bound.
 */
export class ConcurrencyGate {
  readonly #limit: number;
  readonly #waiting: (() => void)[] = [];
  #running = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Nobody holds a turn or waits for one. */
  get idle(): boolean {
    return this.#running === 0 && this.#waiting.length === 0;
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** Waits for a turn; resolves with the function that gives it back (safe to call twice). */
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

/** When to try again after the signaling connection dropped: a delay, or null to give up. */
export interface ReconnectPolicy {
  nextDelayMs(attempt: number): number | null;
}

/** Exponential backoff with full jitter: up to 250 ms, 500 ms, 1 s … capped at `maxMs`, forever. */
export class BackoffWithJitter implements ReconnectPolicy {
  constructor(
    private readonly baseMs = 250,
    private readonly maxMs = 5000,
    private readonly maxAttempts = Number.POSITIVE_INFINITY,
  ) {}

  nextDelayMs(attempt: number): number | null {
    if (attempt >= this.maxAttempts) return null;
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** attempt);
    // The first retry goes out quickly; later ones spread out so a restarted server is not stampeded.
    return attempt === 0 ? Math.round(Math.random() * this.baseMs) : Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }
}

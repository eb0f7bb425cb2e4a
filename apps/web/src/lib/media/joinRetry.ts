/**
 * A join that failed for a passing reason is tried again by itself: the server could not answer (its
 * request timed out, the connection dropped: SERVICE_UNAVAILABLE) or failed inside (INTERNAL, such as
 * the worker having closed a transport the join was still setting up: seen once under load, cause not
 * found). A refusal (the session ended, not this clerk's, …) is final. Without this, a clerk whose
 * page missed its one join saw 准备中 until they reloaded the page.
 */
import { SignalingError } from '../signaling/SignalingClient';

/** The waits before each try again, after the first join and then each retry failed; then it stops. */
export const JOIN_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000] as const;

/** Whether a join that failed with `error` is worth trying again. */
export function retryableJoinFailure(error: unknown): boolean {
  return error instanceof SignalingError && (error.code === 'SERVICE_UNAVAILABLE' || error.code === 'INTERNAL');
}

/** When a room's join is tried again (`retry`): after each passing failure, waits from JOIN_RETRY_DELAYS_MS in turn. */
export class JoinRetry {
  readonly #retry: () => void;
  #tries = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(retry: () => void) {
    this.#retry = retry;
  }

  /** A join failed with `error`: tried again after the next wait, if the failure is a passing one and waits are left. */
  failed(error: unknown): void {
    const delay = JOIN_RETRY_DELAYS_MS[this.#tries];
    if (this.#stopped || delay === undefined || !retryableJoinFailure(error)) return;
    this.#tries++;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(this.#retry, delay);
  }

  /** A join succeeded: the next failure waits the first wait again. */
  succeeded(): void {
    this.#tries = 0;
  }

  /** No more tries (the room was left). */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }
}

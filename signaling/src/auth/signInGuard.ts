/**
 * The limits on password checks, so that sign-in can neither starve the server nor lock a clerk out:
 *
 * - in flight: one address has at most `inFlightPerAddress` checks running and `waitingPerAddress`
 *   waiting for a turn, and at most `inFlightGlobal` scrypt runs happen at once (`queueGlobal` wait);
 *   beyond that AUTH_BUSY (429). Clerks behind one address who sign in together wait a moment; a flood
 *   is refused before it costs anything;
 * - per minute: `checksPerAddressPerMinute` per address and `checksGlobalPerMinute` in all (AUTH_BUSY).
 *   A check counts when it starts and is taken back when the password was right, so the clerks of a
 *   hall signing in all morning never use up their address's minute;
 * - failures: an address that got `failuresPerName` wrong answers for one username, or
 *   `failuresPerAddress` for any, waits until its window (`failureWindowMs`) ends
 *   (AUTH_TOO_MANY_FAILURES, 429). Other addresses are not affected: the clerk signs in from their own
 *   window with the right password all the same;
 * - per username, from every address together: after `failuresPerName` failures each further check
 *   of that name waits `backoffBaseMs`, doubling up to `backoffMaxMs`, before it runs. It slows a
 *   spread-out attacker and never refuses.
 *
 * Everything is keyed by the username as typed (lower-cased), so a name that exists and one that does
 * not are treated, and answered, alike. Counts live in memory: a restart forgets them.
 */
import { AppError } from '../errors';
import { AttemptThrottle } from '../limits/attemptThrottle';
import { addressKey } from '../limits/clientAddress';
import { ConcurrencyGate } from '../limits/concurrencyGate';

export interface SignInLimits {
  /** Default 2. */
  inFlightPerAddress: number;
  /** Default 4. */
  waitingPerAddress: number;
  /** scrypt runs at once, whoever asks. Default 2 (libuv has 4 threads; file reads need the rest). */
  inFlightGlobal: number;
  /** Checks waiting for a global turn. Default 32. */
  queueGlobal: number;
  /** Default 20. */
  checksPerAddressPerMinute: number;
  /** Default 600 (10 a second, about one core of scrypt). */
  checksGlobalPerMinute: number;
  /** Wrong answers for one username from one address before it waits. Default VWINDOW_LOCKOUT_ATTEMPTS (5). */
  failuresPerName: number;
  /** Wrong answers from one address, any usernames, before it waits. Default 30. */
  failuresPerAddress: number;
  /** Default VWINDOW_LOCKOUT_MINUTES (15 minutes). */
  failureWindowMs: number;
  /** Default 500 ms. */
  backoffBaseMs: number;
  /** Default 8 s. */
  backoffMaxMs: number;
}

export const defaultSignInLimits: SignInLimits = {
  inFlightPerAddress: 2,
  waitingPerAddress: 4,
  inFlightGlobal: 2,
  queueGlobal: 32,
  checksPerAddressPerMinute: 20,
  checksGlobalPerMinute: 600,
  failuresPerName: 5,
  failuresPerAddress: 30,
  failureWindowMs: 15 * 60_000,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
};

/** A block that has just begun (written to the audit log by the caller). */
export interface SignInBlock {
  scope: 'address' | 'address_name' | 'address_rate';
  address: string;
  username: string;
  minutes: number;
}

/** One admitted password check: wait for `ready()`, then say how it went; always `release()`. */
export interface SignInAttempt {
  ready(): Promise<void>;
  failed(): void;
  succeeded(): void;
  release(): void;
}

export class SignInGuard {
  readonly #limits: SignInLimits;
  readonly #onBlock: (block: SignInBlock) => void;
  readonly #gate: ConcurrencyGate;
  /** Checks admitted and not yet done, from everywhere. */
  #admitted = 0;
  /** Per address: its checks admitted and not yet done, and the gate they take turns at. */
  readonly #addresses = new Map<string, { admitted: number; gate: ConcurrencyGate }>();
  readonly #perMinute: AttemptThrottle;
  readonly #globalPerMinute: AttemptThrottle;
  readonly #addressFailures: AttemptThrottle;
  readonly #nameFailures: AttemptThrottle;
  readonly #nameBackoff: AttemptThrottle;

  constructor(limits: Partial<SignInLimits>, onBlock: (block: SignInBlock) => void, now: () => number = Date.now) {
    const l = (this.#limits = { ...defaultSignInLimits, ...limits });
    this.#onBlock = onBlock;
    this.#gate = new ConcurrencyGate(l.inFlightGlobal);
    this.#perMinute = new AttemptThrottle({ limit: l.checksPerAddressPerMinute, windowMs: 60_000, now });
    this.#globalPerMinute = new AttemptThrottle({ limit: l.checksGlobalPerMinute, windowMs: 60_000, now });
    this.#addressFailures = new AttemptThrottle({ limit: l.failuresPerAddress, windowMs: l.failureWindowMs, now });
    this.#nameFailures = new AttemptThrottle({ limit: l.failuresPerName, windowMs: l.failureWindowMs, now });
    this.#nameBackoff = new AttemptThrottle({ limit: Number.MAX_SAFE_INTEGER, windowMs: l.failureWindowMs, now });
  }

  /** Admits one password check of `username` from `ip`, or throws the 429 AppError that refuses it. */
  admit(username: string, ip: string): SignInAttempt {
    const address = addressKey(ip);
    const name = username.trim().toLowerCase();
    const pair = `${address} ${name}`;
    const blocked = Math.max(this.#addressFailures.blockedMinutes(address), this.#nameFailures.blockedMinutes(pair));
    if (blocked > 0) throw new AppError('AUTH_TOO_MANY_FAILURES', { minutes: blocked });
    const own = this.#addresses.get(address) ?? { admitted: 0, gate: new ConcurrencyGate(this.#limits.inFlightPerAddress) };
    if (
      this.#perMinute.blockedMinutes(address) > 0 ||
      this.#globalPerMinute.blockedMinutes('all') > 0 ||
      own.admitted >= this.#limits.inFlightPerAddress + this.#limits.waitingPerAddress ||
      this.#admitted >= this.#limits.inFlightGlobal + this.#limits.queueGlobal
    ) {
      throw new AppError('AUTH_BUSY');
    }
    if (this.#perMinute.record(address)) this.#onBlock({ scope: 'address_rate', address, username: name, minutes: 1 });
    this.#globalPerMinute.record('all');
    own.admitted++;
    this.#admitted++;
    this.#addresses.set(address, own);

    const turns: (() => void)[] = [];
    let released = false;
    const block = (scope: SignInBlock['scope'], throttle: AttemptThrottle, key: string) => {
      if (throttle.record(key)) this.#onBlock({ scope, address, username: name, minutes: throttle.blockedMinutes(key) });
    };
    return {
      ready: async () => {
        const over = this.#nameBackoff.count(name) - this.#limits.failuresPerName;
        if (over >= 0) await new Promise((resolve) => setTimeout(resolve, Math.min(this.#limits.backoffMaxMs, this.#limits.backoffBaseMs * 2 ** over)));
        turns.push(await own.gate.enter());
        turns.push(await this.#gate.enter());
      },
      failed: () => {
        block('address', this.#addressFailures, address);
        block('address_name', this.#nameFailures, pair);
        this.#nameBackoff.record(name);
      },
      succeeded: () => {
        this.#perMinute.refund(address);
        this.#globalPerMinute.refund('all');
        this.#nameFailures.clear(pair);
        this.#nameBackoff.clear(name);
      },
      release: () => {
        if (released) return;
        released = true;
        for (const turn of turns.reverse()) turn();
        own.admitted--;
        this.#admitted--;
        if (own.admitted === 0 && own.gate.idle) this.#addresses.delete(address);
      },
    };
  }
}

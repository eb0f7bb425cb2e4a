/**
 * Sign-in with username and password within the limits of ./signInGuard.ts, and sign-in tokens.
 * The browser holds a random token in an HttpOnly cookie; the database holds only its sha256.
 * An unknown username, an inactive account and a wrong password get the same answer after the same
 * work (one scrypt), and the limits treat every username alike, whether it exists or not.
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendAudit, deleteSignIn, findSignIn, findSignedInStaff, findStaffCredentials, insertSignIn, verifyPassword, type Database } from '@vwindow/db';
import { recordRefusal } from '../audit/refusals';
import { AppError } from '../errors';
import type { SignedInStaff, SignInRequest } from '../protocol';
import type { SignInOutcome, WebAuth } from '../web/webContext';
import { SignInGuard, type SignInBlock, type SignInLimits } from './signInGuard';

export interface AuthServiceOptions {
  database: Database;
  /** How long a sign-in lasts. */
  signInHours: number;
  /** Wrong passwords for one username from one address before that address waits (signInGuard.ts). */
  lockoutAttempts: number;
  /** How long it waits. */
  lockoutMinutes: number;
  /** The other limits on password checks; defaults in signInGuard.ts. */
  limits?: Partial<SignInLimits>;
  /** Injected clock for tests. Default `() => new Date()`. */
  now?: () => Date;
}

/** Compared against when the username is unknown, so both paths cost one scrypt. */
const UNKNOWN_USER_HASH = `scrypt$32768$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class AuthService implements WebAuth {
  readonly #options: AuthServiceOptions;
  readonly #now: () => Date;
  readonly #guard: SignInGuard;

  constructor(options: AuthServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#guard = new SignInGuard(
      { failuresPerName: options.lockoutAttempts, failureWindowMs: options.lockoutMinutes * 60_000, ...options.limits },
      (block) => this.#auditBlock(block),
      () => this.#now().getTime(),
    );
  }

  async signIn(request: SignInRequest, meta: { userAgent: string; ip: string }): Promise<SignInOutcome> {
    let attempt;
    try {
      attempt = this.#guard.admit(request.username, meta.ip);
    } catch (error) {
      if (error instanceof AppError) return this.#refuse(error, request.username, meta.ip);
      throw error;
    }
    try {
      await attempt.ready();
      const { db } = this.#options.database;
      const account = findStaffCredentials(db, request.username);
      const passwordOk = await verifyPassword(request.password, account?.passwordHash ?? UNKNOWN_USER_HASH);
      if (!account || !account.active || !passwordOk) {
        attempt.failed();
        return this.#refuse(new AppError('AUTH_INVALID_CREDENTIALS'), request.username, meta.ip, account?.id ?? null);
      }
      attempt.succeeded();
      const now = this.#now();
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + this.#options.signInHours * 3_600_000);
      insertSignIn(db, { tokenHash: hashToken(token), staffId: account.id, expiresAt, userAgent: meta.userAgent.slice(0, 256) });
      appendAudit(db, {
        actorId: account.id,
        action: 'staff.signed_in',
        entityType: 'staff',
        entityId: String(account.id),
        after: { ip: meta.ip },
      });
      const { passwordHash: _hash, active: _active, ...staff } = account;
      return { ok: true, token, expiresAt, staff };
    } finally {
      attempt.release();
    }
  }

  /** The staff member behind a cookie token, or null when it is unknown or expired. */
  staffForToken(token: string | undefined | null): SignedInStaff | null {
    if (!token || token.length > 128) return null;
    return findSignedInStaff(this.#options.database.db, hashToken(token), this.#now()) ?? null;
  }

  /** The staff member behind a cookie token and when that sign-in ends, or null. */
  signInForToken(token: string | undefined | null): { staff: SignedInStaff; expiresAt: Date } | null {
    if (!token || token.length > 128) return null;
    const found = findSignIn(this.#options.database.db, hashToken(token), this.#now());
    return found ? { staff: found.staff, expiresAt: found.expiresAt } : null;
  }

  signOut(token: string): void {
    deleteSignIn(this.#options.database.db, hashToken(token));
  }

  get maxAgeSeconds(): number {
    return this.#options.signInHours * 3600;
  }

  /**
   * A refused sign-in, with its audit row (the account when the username is known, never the
   * password). A refusal by the limits comes before any lookup; its row names the account all the same.
   */
  #refuse(error: AppError, username: string, ip: string, accountId?: number | null): SignInOutcome {
    const id = accountId === undefined ? (findStaffCredentials(this.#options.database.db, username)?.id ?? null) : accountId;
    recordRefusal(this.#options.database.db, {
      actor: null,
      address: ip,
      action: 'staff.sign_in_refused',
      target: { type: 'staff', id: id === null ? 'unknown' : String(id) },
      reason: error.code,
    });
    return { ok: false, status: error.status, error: error.toPayload() };
  }

  /** A block that just began: who was trying what from where (the username as typed, existing or not). */
  #auditBlock(block: SignInBlock): void {
    appendAudit(this.#options.database.db, {
      actorId: null,
      action: 'sign_in.blocked',
      entityType: 'sign_in',
      entityId: block.scope === 'address_name' ? block.username.slice(0, 64) : block.address,
      after: { scope: block.scope, ip: block.address, username: block.username.slice(0, 64), minutes: block.minutes },
    });
  }
}

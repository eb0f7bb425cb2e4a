/**
 * Sign-in with username and password, lockout after repeated failures, and sign-in tokens.
 * The browser holds a random token in an HttpOnly cookie; the database holds only its sha256.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  appendAudit,
  clearFailedSignIns,
  deleteSignIn,
  findSignIn,
  findSignedInStaff,
  findStaffCredentials,
  insertSignIn,
  recordFailedSignIn,
  verifyPassword,
  type Database,
} from '@vwindow/db';
import { AppError } from '../errors';
import type { SignedInStaff, SignInRequest } from '../protocol';
import type { SignInOutcome, WebAuth } from '../web/webContext';

export interface AuthServiceOptions {
  database: Database;
  /** How long a sign-in lasts. */
  signInHours: number;
  lockoutAttempts: number;
  lockoutMinutes: number;
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

  constructor(options: AuthServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  async signIn(request: SignInRequest, meta: { userAgent: string; ip: string }): Promise<SignInOutcome> {
    const { db } = this.#options.database;
    const now = this.#now();
    const account = findStaffCredentials(db, request.username);
    if (account?.lockedUntil && account.lockedUntil > now) {
      return this.#refuse(new AppError('AUTH_LOCKED', { minutes: this.#minutesUntil(account.lockedUntil, now) }));
    }
    const passwordOk = await verifyPassword(request.password, account?.passwordHash ?? UNKNOWN_USER_HASH);
    if (!account || !account.active || !passwordOk) {
      if (account?.active) {
        const lockUntil = new Date(now.getTime() + this.#options.lockoutMinutes * 60_000);
        const { locked } = recordFailedSignIn(db, account.id, this.#options.lockoutAttempts, lockUntil);
        if (locked) {
          appendAudit(db, {
            actorId: null,
            action: 'staff.locked',
            entityType: 'staff',
            entityId: String(account.id),
            after: { lockedUntil: lockUntil.toISOString(), ip: meta.ip },
          });
          return this.#refuse(new AppError('AUTH_LOCKED', { minutes: this.#options.lockoutMinutes }));
        }
      }
      return this.#refuse(new AppError('AUTH_INVALID_CREDENTIALS'));
    }
    clearFailedSignIns(db, account.id);
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
    const { passwordHash: _hash, active: _active, failedSignIns: _failed, lockedUntil: _locked, ...staff } = account;
    return { ok: true, token, expiresAt, staff };
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

  #refuse(error: AppError): SignInOutcome {
    return { ok: false, status: error.status, error: error.toPayload() };
  }

  #minutesUntil(until: Date, now: Date): number {
    return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  }
}

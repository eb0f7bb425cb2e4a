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
  /** Audit rows of blocks the guard has just begun, being written. */
  readonly #blocks: Promise<void>[] = [];

  constructor(options: AuthServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#guard = new SignInGuard(
      { failuresPerName: options.lockoutAttempts, failureWindowMs: options.lockoutMinutes * 60_000, ...options.limits },
      // The guard decides synchronously; the block's audit row is written before the refusal's (#settleBlocks).
      (block) => void this.#blocks.push(this.#auditBlock(block)),
      () => this.#now().getTime(),
    );
  }

  async signIn(request: SignInRequest, meta: { userAgent: string; ip: string }): Promise<SignInOutcome> {
    let attempt;
    try {
      attempt = this.#guard.admit(request.username, meta.ip);
    } catch (error) {
      await this.#settleBlocks();
      if (error instanceof AppError) return await this.#refuse(error, request.username, meta.ip);
      throw error;
    }
    await this.#settleBlocks();
    try {
      await attempt.ready();
      const { db } = this.#options.database;
      const account = await findStaffCredentials(db, request.username);
      const passwordOk = await verifyPassword(request.password, account?.passwordHash ?? UNKNOWN_USER_HASH);
      if (!account || !account.active || !passwordOk) {
        attempt.failed();
        await this.#settleBlocks();
        return await this.#refuse(new AppError('AUTH_INVALID_CREDENTIALS'), request.username, meta.ip, account?.id ?? null);
      }
      attempt.succeeded();
      const now = this.#now();
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + this.#options.signInHours * 3_600_000);
      await insertSignIn(db, { tokenHash: hashToken(token), staffId: account.id, expiresAt, userAgent: meta.userAgent.slice(0, 256) });
      await appendAudit(db, {
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
  async staffForToken(token: string | undefined | null): Promise<SignedInStaff | null> {
    if (!token || token.length > 128) return null;
    return (await findSignedInStaff(this.#options.database.db, hashToken(token), this.#now())) ?? null;
  }

  /** The staff member behind a cookie token and when that sign-in ends, or null. */
  async signInForToken(token: string | undefined | null): Promise<{ staff: SignedInStaff; expiresAt: Date } | null> {
    if (!token || token.length > 128) return null;
    const found = await findSignIn(this.#options.database.db, hashToken(token), this.#now());
    return found ? { staff: found.staff, expiresAt: found.expiresAt } : null;
  }

  async signOut(token: string): Promise<void> {
    await deleteSignIn(this.#options.database.db, hashToken(token));
  }

  get maxAgeSeconds(): number {
    return this.#options.signInHours * 3600;
  }

  /**
   * A refused sign-in, with its audit row (the account when the username is known, never the
   * password). A refusal by the limits comes before any lookup; its row names the account all the same.
   */
  async #refuse(error: AppError, username: string, ip: string, accountId?: number | null): Promise<SignInOutcome> {
    const id = accountId === undefined ? ((await findStaffCredentials(this.#options.database.db, username))?.id ?? null) : accountId;
    await recordRefusal(this.#options.database.db, {
      actor: null,
      address: ip,
      action: 'staff.sign_in_refused',
      target: { type: 'staff', id: id === null ? 'unknown' : String(id) },
      reason: error.code,
    });
    return { ok: false, status: error.status, error: error.toPayload() };
  }

  /** Waits for the audit rows of the blocks begun so far. */
  async #settleBlocks(): Promise<void> {
    await Promise.all(this.#blocks.splice(0));
  }

  /** A block that just began: who was trying what from where (the username as typed, existing or not). */
  async #auditBlock(block: SignInBlock): Promise<void> {
    await appendAudit(this.#options.database.db, {
      actorId: null,
      action: 'sign_in.blocked',
      entityType: 'sign_in',
      entityId: block.scope === 'address_name' ? block.username.slice(0, 64) : block.address,
      after: { scope: block.scope, ip: block.address, username: block.username.slice(0, 64), minutes: block.minutes },
    });
  }
}

/**
 * 身份核验: the home clerk records a verdict (verified, or not verified with a reason) after comparing
 * the ID card front and back with a live photo. The panel shows the full ID number only to that clerk,
 * with its check digit, birth date and region code checked.
 */
import { eq } from 'drizzle-orm';
import { appendAudit, inTransaction, capturesOfSession, findSession, identityChecksOfSession, insertIdentityCheck, jurisdictions, type Database, type SessionRow } from '@vwindow/db';
import { refused } from '../audit/refusals';
import { AppError } from '../errors';
import { idNumberParts, maskIdNumber, maskName, type IdentityVerdictRequest, type IdentityVerdictView, type IdentityView, type SignedInStaff } from '../protocol';
import { refusal, sideOf } from '../sessions/access';
import { notice, sessionWatchers, type LiveNotifier, type Notice } from '../ws/notices';

/** A recorded verdict as the panel shows it. */
function verdictView({ check, checkedByName }: Awaited<ReturnType<typeof identityChecksOfSession>>[number]): IdentityVerdictView {
  return {
    verdict: check.verdict,
    reason: check.reason,
    captureIds: check.captureIds ?? [],
    checkedBy: { id: check.checkedById, displayName: checkedByName },
    checkedAt: check.createdAt.toISOString(),
  };
}

export class IdentityService {
  readonly #database: Database;
  readonly #live: LiveNotifier;

  constructor(options: { database: Database; live: LiveNotifier }) {
    this.#database = options.database;
    this.#live = options.live;
  }

  get #db() {
    return this.#database.db;
  }

  /**
   * Records the home clerk's verdict, on the captures it names (ID card sides, live photo): a capture of
   * another session is not found, one sent back for re-capture (需重新采集) is refused (audited).
   */
  async record(staff: SignedInStaff, sessionId: string, input: IdentityVerdictRequest): Promise<IdentityVerdictView> {
    const session = await this.#session(sessionId);
    if (sideOf(staff, session) !== 'home') throw await refusal(this.#db, staff, 'identity.record_refused', { type: 'session', id: sessionId });
    if (session.status !== 'active') throw new AppError('SESSION_NOT_ACTIVE');
    const captureIds = [...new Set(input.captureIds ?? [])];
    const captures = new Map((await capturesOfSession(this.#db, sessionId)).map(({ capture }) => [capture.id, capture]));
    if (captureIds.some((id) => !captures.has(id))) throw new AppError('CAPTURE_NOT_FOUND');
    const rejected = captureIds.filter((id) => captures.get(id)!.status === 'recapture_requested');
    if (rejected.length > 0) {
      throw await refused(this.#db, { actor: staff, action: 'identity.record_refused', target: { type: 'session', id: sessionId }, reason: 'IDENTITY_CAPTURE_REJECTED', detail: { verdict: input.verdict, captureIds: rejected } });
    }
    const previous = (await identityChecksOfSession(this.#db, sessionId))[0]?.check ?? null;
    // The verdict and its audit row are one write: neither without the other.
    const row = await inTransaction(this.#db, async (tx) => {
      const inserted = await insertIdentityCheck(tx, {
        sessionId,
        verdict: input.verdict,
        reason: input.verdict === 'not_verified' ? input.reason : null,
        captureIds,
        checkedById: staff.id,
        createdAt: new Date(),
      });
      await appendAudit(tx, {
        actorId: staff.id,
        action: 'identity.recorded',
        entityType: 'session',
        entityId: sessionId,
        before: previous ? { verdict: previous.verdict } : null,
        after: { verdict: inserted.verdict, reason: inserted.reason, captureIds },
      });
      return inserted;
    });
    const verdict: IdentityVerdictView = {
      verdict: row.verdict,
      reason: row.reason,
      captureIds,
      checkedBy: { id: staff.id, displayName: staff.displayName },
      checkedAt: row.createdAt.toISOString(),
    };
    this.#live.tell({ kind: 'identity.recorded', sessionId, verdictId: row.id }, [notice(sessionWatchers(session), 'identity.recorded', { sessionId, verdict })]);
    return verdict;
  }

  /** A recorded verdict, to the session's clerks and the supervisors over it. */
  async verdictNotices(sessionId: string, verdictId: number): Promise<Notice[]> {
    const session = await findSession(this.#db, sessionId);
    const found = session && (await identityChecksOfSession(this.#db, sessionId)).find(({ check }) => check.id === verdictId);
    return found ? [notice(sessionWatchers(session), 'identity.recorded', { sessionId, verdict: verdictView(found) })] : [];
  }

  async view(staff: SignedInStaff, sessionId: string): Promise<IdentityView> {
    const session = await this.#session(sessionId);
    const side = sideOf(staff, session);
    if (side === null) throw await refusal(this.#db, staff, 'identity.read_refused', { type: 'session', id: sessionId });
    const history = (await identityChecksOfSession(this.#db, sessionId)).map(verdictView);
    const full = side === 'home';
    return {
      sessionId,
      citizenName: full ? session.citizenName : maskName(session.citizenName),
      idNumber: full ? session.citizenIdNumber : maskIdNumber(session.citizenIdNumber),
      masked: !full,
      checks: full ? (await this.#checks(session.citizenIdNumber)) : null,
      latest: history[0] ?? null,
      history,
    };
  }

  /** Whether the latest recorded verdict of the session is "verified" (needed to receive a case). */
  async isVerified(sessionId: string): Promise<boolean> {
    return (await identityChecksOfSession(this.#db, sessionId))[0]?.check.verdict === 'verified';
  }

  async #checks(idNumber: string): Promise<NonNullable<IdentityView['checks']>> {
    const parts = idNumberParts(idNumber);
    const code = idNumber.slice(0, 6);
    const [known] = await this.#db.select({ name: jurisdictions.name }).from(jurisdictions).where(eq(jurisdictions.code, code));
    return {
      checkDigit: { ok: parts.checkDigit, expected: parts.expectedCheckDigit },
      birthDate: { ok: parts.birthDate, value: parts.birthDateText },
      region: { ok: parts.region, code, name: known?.name ?? null },
    };
  }

  async #session(id: string): Promise<SessionRow> {
    const session = await findSession(this.#db, id);
    if (!session) throw new AppError('SESSION_NOT_FOUND');
    return session;
  }
}

/**
 * 差评整改: the supervisor of the home jurisdiction records the return call, the rectification and the
 * closure of each bad rating's follow-up, in that order. The clerk a rating is attributed to may appeal
 * it; a supervisor over it decides, and an upheld appeal takes the rating out of the statistics.
 */
import { eq } from 'drizzle-orm';
import {
  advanceFollowUp,
  appealsOf,
  appendAudit,
  decideAppeal,
  findAppeal,
  findFollowUp,
  findRating,
  findSession,
  followUpsOf,
  insertAppeal,
  sessionDetails,
  setExcludedFromStats,
  staff as staffTable,
  type AppealRow,
  type Database,
  type FollowUpRow,
} from '@vwindow/db';
import type { CatalogService } from '../catalog/CatalogService';
import { beijingDate } from '../cases/workingDays';
import { AppError } from '../errors';
import {
  badRatingReasons,
  followUpStatusNames,
  jurisdictionCovers,
  ratingLevelNames,
  t,
  type AppealView,
  type FollowUpView,
  type RatingLevel,
  type SignedInStaff,
} from '../protocol';
import { refusal } from '../sessions/access';

type Step = { step: 'return_call'; calledOn: string; outcome: string } | { step: 'rectify'; rectification: string } | { step: 'close' };

const stepFrom = { return_call: 'open', rectify: 'return_called', close: 'rectified' } as const;

export class FollowUpService {
  readonly #database: Database;
  readonly #catalog: CatalogService;
  readonly #now: () => Date;

  constructor(options: { database: Database; catalog: CatalogService; now?: () => Date }) {
    this.#database = options.database;
    this.#catalog = options.catalog;
    this.#now = options.now ?? (() => new Date());
  }

  get #db() {
    return this.#database.db;
  }

  list(staff: SignedInStaff): FollowUpView[] {
    if (staff.role !== 'supervisor') throw refusal(this.#db, staff, 'follow_up.read_refused', { type: 'follow_up', id: 'all' });
    return followUpsOf(this.#db, this.#catalog.coveredCodes(staff)).map((f) => this.#view(f));
  }

  step(staff: SignedInStaff, id: number, step: Step): FollowUpView {
    const followUp = findFollowUp(this.#db, id);
    if (!followUp) throw new AppError('FOLLOW_UP_NOT_FOUND');
    if (staff.role !== 'supervisor' || !jurisdictionCovers(staff.jurisdictionCode, followUp.jurisdictionCode)) {
      throw refusal(this.#db, staff, 'follow_up.change_refused', { type: 'follow_up', id: String(id) });
    }
    const now = this.#now();
    if (step.step === 'return_call') {
      const ratedOn = beijingDate(findRating(this.#db, followUp.ratingId)!.ratedAt!);
      if (step.calledOn < ratedOn || step.calledOn > beijingDate(now)) {
        throw new AppError('VALIDATION_FAILED', { detail: t('validation.returnCallDateRange', { from: ratedOn, to: beijingDate(now) }) }, [
          { path: 'calledOn', message: t('validation.returnCallDateRange', { from: ratedOn, to: beijingDate(now) }) },
        ]);
      }
    }
    const changes =
      step.step === 'return_call'
        ? { status: 'return_called' as const, returnCallAt: new Date(`${step.calledOn}T12:00:00+08:00`), returnCallOutcome: step.outcome, returnCallById: staff.id }
        : step.step === 'rectify'
          ? { status: 'rectified' as const, rectification: step.rectification, rectifiedAt: now, rectifiedById: staff.id }
          : { status: 'closed' as const, closedAt: now, closedById: staff.id };
    const updated = advanceFollowUp(this.#db, id, stepFrom[step.step], changes);
    if (!updated) throw new AppError('FOLLOW_UP_ILLEGAL_STEP', { status: followUpStatusNames[followUp.status] });
    appendAudit(this.#db, { actorId: staff.id, action: `follow_up.${step.step}`, entityType: 'follow_up', entityId: String(id), before: { status: followUp.status }, after: { status: updated.status } });
    return this.#view(updated);
  }

  /** The clerk a rating is attributed to appeals it (one pending appeal at a time). */
  appeal(staff: SignedInStaff, ratingId: number, reason: string): AppealView {
    const rating = findRating(this.#db, ratingId);
    if (!rating || rating.level === null) throw new AppError('RATING_NOT_FOUND');
    if (rating.homeClerkId !== staff.id) throw refusal(this.#db, staff, 'appeal.refused', { type: 'rating', id: String(ratingId) });
    if (appealsOf(this.#db, ratingId).some((a) => a.status === 'pending')) throw new AppError('APPEAL_PENDING');
    const row = insertAppeal(this.#db, { ratingId, clerkId: staff.id, reason, status: 'pending', createdAt: this.#now() });
    appendAudit(this.#db, { actorId: staff.id, action: 'appeal.filed', entityType: 'rating', entityId: String(ratingId), after: { appealId: row.id } });
    return this.#appealView(row);
  }

  decide(staff: SignedInStaff, appealId: number, decision: { decision: 'upheld' | 'rejected'; note: string }): AppealView {
    const appeal = findAppeal(this.#db, appealId);
    if (!appeal) throw new AppError('APPEAL_NOT_FOUND');
    const rating = findRating(this.#db, appeal.ratingId)!;
    const session = findSession(this.#db, rating.sessionId)!;
    if (staff.role !== 'supervisor' || !jurisdictionCovers(staff.jurisdictionCode, session.homeJurisdictionCode)) {
      throw refusal(this.#db, staff, 'appeal.decision_refused', { type: 'appeal', id: String(appealId) });
    }
    const decided = decideAppeal(this.#db, appealId, { status: decision.decision, decisionNote: decision.note || null, decidedById: staff.id, decidedAt: this.#now() });
    if (!decided) throw new AppError('APPEAL_DECIDED');
    if (decision.decision === 'upheld') setExcludedFromStats(this.#db, rating.id, true);
    appendAudit(this.#db, { actorId: staff.id, action: `appeal.${decision.decision}`, entityType: 'rating', entityId: String(rating.id), before: { excludedFromStats: rating.excludedFromStats }, after: { excludedFromStats: decision.decision === 'upheld' || rating.excludedFromStats } });
    return this.#appealView(decided);
  }

  #view(f: FollowUpRow): FollowUpView {
    const rating = findRating(this.#db, f.ratingId)!;
    const details = sessionDetails(this.#db, rating.sessionId)!;
    const nameOf = (id: number | null) => (id ? (this.#db.select({ n: staffTable.displayName }).from(staffTable).where(eq(staffTable.id, id)).get()?.n ?? null) : null);
    const level = rating.level as RatingLevel;
    return {
      id: f.id,
      status: f.status,
      statusName: followUpStatusNames[f.status],
      deadline: f.deadline,
      overdue: f.status !== 'closed' && f.deadline < beijingDate(this.#now()),
      rating: {
        id: rating.id,
        level,
        levelName: ratingLevelNames[level],
        reasons: (rating.reasons ?? []).map((r) => badRatingReasons[r as keyof typeof badRatingReasons] ?? r),
        comment: rating.comment,
        ratedAt: rating.ratedAt!.toISOString(),
        excludedFromStats: rating.excludedFromStats,
      },
      session: { id: rating.sessionId, matterName: details.matter.name, localServicePoint: details.localServicePoint.name, homeClerk: details.homeClerkName },
      returnCall: f.returnCallAt ? { on: beijingDate(f.returnCallAt), outcome: f.returnCallOutcome ?? '', by: nameOf(f.returnCallById) } : null,
      rectification: f.rectification && f.rectifiedAt ? { text: f.rectification, at: f.rectifiedAt.toISOString(), by: nameOf(f.rectifiedById) } : null,
      closedAt: f.closedAt?.toISOString() ?? null,
      appeals: appealsOf(this.#db, rating.id).map((a) => this.#appealView(a)),
    };
  }

  #appealView(a: AppealRow): AppealView {
    const name = (id: number) => this.#db.select({ n: staffTable.displayName }).from(staffTable).where(eq(staffTable.id, id)).get()?.n ?? '';
    return {
      id: a.id,
      ratingId: a.ratingId,
      clerk: name(a.clerkId),
      reason: a.reason,
      status: a.status,
      decisionNote: a.decisionNote,
      decidedBy: a.decidedById ? name(a.decidedById) : null,
      decidedAt: a.decidedAt?.toISOString() ?? null,
      createdAt: a.createdAt.toISOString(),
    };
  }
}

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

  async list(staff: SignedInStaff): Promise<FollowUpView[]> {
    if (staff.role !== 'supervisor') throw await refusal(this.#db, staff, 'follow_up.read_refused', { type: 'follow_up', id: 'all' });
    return await Promise.all((await followUpsOf(this.#db, await this.#catalog.coveredCodes(staff))).map((f) => this.#view(f)));
  }

  async step(staff: SignedInStaff, id: number, step: Step): Promise<FollowUpView> {
    const followUp = await findFollowUp(this.#db, id);
    if (!followUp) throw new AppError('FOLLOW_UP_NOT_FOUND');
    if (staff.role !== 'supervisor' || !jurisdictionCovers(staff.jurisdictionCode, followUp.jurisdictionCode)) {
      throw await refusal(this.#db, staff, 'follow_up.change_refused', { type: 'follow_up', id: String(id) });
    }
    const now = this.#now();
    if (step.step === 'return_call') {
      const ratedOn = beijingDate((await findRating(this.#db, followUp.ratingId))!.ratedAt!);
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
    const updated = await advanceFollowUp(this.#db, id, stepFrom[step.step], changes);
    if (!updated) throw new AppError('FOLLOW_UP_ILLEGAL_STEP', { status: followUpStatusNames[followUp.status] });
    await appendAudit(this.#db, { actorId: staff.id, action: `follow_up.${step.step}`, entityType: 'follow_up', entityId: String(id), before: { status: followUp.status }, after: { status: updated.status } });
    return await this.#view(updated);
  }

  /** The clerk a rating is attributed to appeals it (one pending appeal at a time). */
  async appeal(staff: SignedInStaff, ratingId: number, reason: string): Promise<AppealView> {
    const rating = await findRating(this.#db, ratingId);
    if (!rating || rating.level === null) throw new AppError('RATING_NOT_FOUND');
    if (rating.homeClerkId !== staff.id) throw await refusal(this.#db, staff, 'appeal.refused', { type: 'rating', id: String(ratingId) });
    if ((await appealsOf(this.#db, ratingId)).some((a) => a.status === 'pending')) throw new AppError('APPEAL_PENDING');
    const row = await insertAppeal(this.#db, { ratingId, clerkId: staff.id, reason, status: 'pending', createdAt: this.#now() });
    await appendAudit(this.#db, { actorId: staff.id, action: 'appeal.filed', entityType: 'rating', entityId: String(ratingId), after: { appealId: row.id } });
    return await this.#appealView(row);
  }

  async decide(staff: SignedInStaff, appealId: number, decision: { decision: 'upheld' | 'rejected'; note: string }): Promise<AppealView> {
    const appeal = await findAppeal(this.#db, appealId);
    if (!appeal) throw new AppError('APPEAL_NOT_FOUND');
    const rating = (await findRating(this.#db, appeal.ratingId))!;
    const session = (await findSession(this.#db, rating.sessionId))!;
    if (staff.role !== 'supervisor' || !jurisdictionCovers(staff.jurisdictionCode, session.homeJurisdictionCode)) {
      throw await refusal(this.#db, staff, 'appeal.decision_refused', { type: 'appeal', id: String(appealId) });
    }
    const decided = await decideAppeal(this.#db, appealId, { status: decision.decision, decisionNote: decision.note || null, decidedById: staff.id, decidedAt: this.#now() });
    if (!decided) throw new AppError('APPEAL_DECIDED');
    if (decision.decision === 'upheld') await setExcludedFromStats(this.#db, rating.id, true);
    await appendAudit(this.#db, { actorId: staff.id, action: `appeal.${decision.decision}`, entityType: 'rating', entityId: String(rating.id), before: { excludedFromStats: rating.excludedFromStats }, after: { excludedFromStats: decision.decision === 'upheld' || rating.excludedFromStats } });
    return await this.#appealView(decided);
  }

  async #view(f: FollowUpRow): Promise<FollowUpView> {
    const rating = (await findRating(this.#db, f.ratingId))!;
    const details = (await sessionDetails(this.#db, rating.sessionId))!;
    const nameOf = async (id: number | null) => (id ? ((await this.#db.select({ n: staffTable.displayName }).from(staffTable).where(eq(staffTable.id, id)))[0]?.n ?? null) : null);
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
      returnCall: f.returnCallAt ? { on: beijingDate(f.returnCallAt), outcome: f.returnCallOutcome ?? '', by: await nameOf(f.returnCallById) } : null,
      rectification: f.rectification && f.rectifiedAt ? { text: f.rectification, at: f.rectifiedAt.toISOString(), by: await nameOf(f.rectifiedById) } : null,
      closedAt: f.closedAt?.toISOString() ?? null,
      appeals: await Promise.all((await appealsOf(this.#db, rating.id)).map((a) => this.#appealView(a))),
    };
  }

  async #appealView(a: AppealRow): Promise<AppealView> {
    const name = async (id: number) => (await this.#db.select({ n: staffTable.displayName }).from(staffTable).where(eq(staffTable.id, id)))[0]?.n ?? '';
    return {
      id: a.id,
      ratingId: a.ratingId,
      clerk: await name(a.clerkId),
      reason: a.reason,
      status: a.status,
      decisionNote: a.decisionNote,
      decidedBy: a.decidedById ? (await name(a.decidedById)) : null,
      decidedAt: a.decidedAt?.toISOString() ?? null,
      createdAt: a.createdAt.toISOString(),
    };
  }
}

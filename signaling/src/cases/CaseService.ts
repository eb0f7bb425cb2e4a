/**
 * 办件: the home clerk receives the case from a session (only after a recorded "verified" identity
 * check), decides (受理 / 不予受理 / 补正), and takes it to 办结 and 送达. Every step is checked against
 * the lifecycle, recorded with who and when, written to the audit log, and queued for the
 * jurisdiction's webhook.
 */
import {
  addCaseCaptures,
  appendAudit,
  calendarOverrides,
  caseAwaitingSupplement,
  caseOfSession,
  capturesOfSession,
  enqueueDelivery,
  findCase,
  findMatter,
  findSession,
  insertNumberedCase,
  materialsOfMatter,
  updateCaseState,
  sessionDetails,
  webhookOf,
  type CaseFilter,
  type CaseRow,
  type Database,
  type SessionRow,
} from '@vwindow/db';
import { recordRefusal } from '../audit/refusals';
import { AppError } from '../errors';
import type { CatalogService } from '../catalog/CatalogService';
import {
  DUE_SOON_WORKING_DAYS,
  jurisdictionCovers,
  type CaseDecision,
  type CaseListItem,
  type Page,
  type CaseListQuery,
  type CasePage,
  type CaseView,
  type SignedInStaff,
} from '../protocol';
import { refusal, sideOf } from '../sessions/access';
import { caseWatchers, notice, type LiveNotifier, type Notice } from '../ws/notices';
import type { IdentityService } from '../identity/IdentityService';
import { caseStatusNames, nextStatus, type CaseAction } from './caseLifecycle';
import { describeGaps, gapFields, hasGaps, receiptGaps } from './receiptGaps';
import type { CaseViews } from './caseViews';
import { addWorkingDays, beijingDate } from './workingDays';
import type { NoticeService } from './notices/NoticeService';

export interface CaseServiceOptions {
  database: Database;
  identity: IdentityService;
  /** Where case changes are told (this node's connections and the other nodes). */
  live: LiveNotifier;
  views: CaseViews;
  catalog: CatalogService;
  /** Issues the 一次性告知书 of a 补正 or 不予受理 in the step's own transaction. */
  notices: NoticeService;
  /** 即将到期: due within this many working days. Default DUE_SOON_WORKING_DAYS. */
  dueSoonWorkingDays?: number;
  now?: () => Date;
}

export class CaseService {
  readonly #database: Database;
  readonly #identity: IdentityService;
  readonly #live: LiveNotifier;
  readonly #views: CaseViews;
  readonly #catalog: CatalogService;
  readonly #notices: NoticeService;
  readonly #dueSoonWorkingDays: number;
  readonly #now: () => Date;

  constructor(options: CaseServiceOptions) {
    this.#database = options.database;
    this.#identity = options.identity;
    this.#live = options.live;
    this.#views = options.views;
    this.#catalog = options.catalog;
    this.#notices = options.notices;
    this.#dueSoonWorkingDays = options.dueSoonWorkingDays ?? DUE_SOON_WORKING_DAYS;
    this.#now = options.now ?? (() => new Date());
  }

  get #db() {
    return this.#database.db;
  }

  /**
   * Receives the case of a session: a new case, or, when the same citizen's case of this matter awaits
   * a supplement, that case resumed with the new material. With required materials missing or a
   * capture under 需重新采集 it is refused (CASE_MATERIALS_MISSING, naming them, audited) unless the
   * clerk confirmed (`confirmGaps`); then what was missing is kept with the case and in the audit row.
   */
  async receive(staff: SignedInStaff, sessionId: string, request: { captureIds?: string[]; confirmGaps?: boolean } = {}): Promise<CaseRow> {
    const session = await findSession(this.#db, sessionId);
    if (!session) throw new AppError('SESSION_NOT_FOUND');
    if (sideOf(staff, session) !== 'home') throw await refusal(this.#db, staff, 'case.receive_refused', { type: 'session', id: sessionId });
    if (session.status !== 'active' && session.status !== 'ended') throw new AppError('SESSION_NOT_ACTIVE');
    if (!(await this.#identity.isVerified(sessionId))) throw new AppError('IDENTITY_NOT_VERIFIED');
    const existing = await caseOfSession(this.#db, sessionId);
    if (existing) throw new AppError('CASE_EXISTS', { caseNumber: existing.caseNumber });
    const chosen = await this.#chooseCaptures(session, request.captureIds);
    const found = receiptGaps(await materialsOfMatter(this.#db, session.matterId), await capturesOfSession(this.#db, sessionId), chosen);
    const gaps = hasGaps(found) ? found : null;
    if (gaps && !request.confirmGaps) {
      await recordRefusal(this.#db, { actor: staff, action: 'case.receive_refused', target: { type: 'session', id: sessionId }, reason: 'CASE_MATERIALS_MISSING', detail: { gaps } });
      const error = new AppError('CASE_MATERIALS_MISSING', { gaps: describeGaps(gaps) }, gapFields(gaps));
      error.audited = true;
      throw error;
    }
    const detail = gaps ? { captureCount: chosen.length, gaps } : { captureCount: chosen.length };
    const now = this.#now();
    const resumed = await caseAwaitingSupplement(this.#db, session.matterId, session.citizenIdNumber);
    if (resumed) {
      return await this.#step(staff, resumed, 'resubmit', { decisionReason: null, receiptGaps: gaps }, detail, sessionId, async (tx) => await addCaseCaptures(tx, resumed.id, chosen, now));
    }
    const row = await insertNumberedCase(
      this.#db,
      {
        sessionId,
        matterId: session.matterId,
        homeJurisdictionCode: session.homeJurisdictionCode,
        status: 'received',
        receiptGaps: gaps,
        createdById: staff.id,
        createdAt: now,
        updatedAt: now,
      },
      beijingDate(now),
      { action: 'receive', fromStatus: null, toStatus: 'received', detail, actorId: staff.id, sessionId, at: now },
    );
    await addCaseCaptures(this.#db, row.id, chosen, now);
    await this.#after(staff, row, null, 'case.received', sessionId);
    return row;
  }

  /** One step of the lifecycle, by the home clerks of the case's jurisdiction. */
  async decide(staff: SignedInStaff, caseId: number, decision: CaseDecision): Promise<CaseRow> {
    const row = await this.#mustFind(caseId);
    if (staff.role !== 'home_clerk' || staff.jurisdictionCode !== row.homeJurisdictionCode) {
      throw await refusal(this.#db, staff, 'case.change_refused', { type: 'case', id: String(caseId) }, { action: decision.action });
    }
    const now = this.#now();
    switch (decision.action) {
      case 'accept': {
        const matter = (await findMatter(this.#db, row.matterId))!;
        const dueDate = addWorkingDays(beijingDate(now), matter.timeLimitDays, await calendarOverrides(this.#db));
        return await this.#step(staff, row, 'accept', { dueDate, acceptedAt: now }, { dueDate, timeLimitDays: matter.timeLimitDays });
      }
      case 'decline':
        return await this.#withNotice(staff, row, decision, async (record) => await this.#step(staff, row, 'decline', { decisionReason: decision.reason }, { reason: decision.reason }, null, record));
      case 'supplement':
        return await this.#withNotice(staff, row, decision, async (record) =>
          await this.#step(staff, row, 'supplement', { decisionReason: JSON.stringify(decision.items) }, { items: decision.items }, null, record),
        );
      case 'start':
        return await this.#step(staff, row, 'start', {}, {});
      case 'complete':
        return await this.#step(staff, row, 'complete', { result: decision.result }, { result: decision.result });
      case 'deliver':
        return await this.#step(
          staff,
          row,
          'deliver',
          { deliveryMethod: decision.method, trackingNumber: decision.trackingNumber ?? null },
          { method: decision.method, trackingNumber: decision.trackingNumber ?? null },
        );
    }
  }

  /** Who may read a case: home clerks of its jurisdiction, the local clerk who started it, supervisors over it. */
  async readable(staff: SignedInStaff, caseId: number): Promise<CaseRow> {
    const row = await this.#mustFind(caseId);
    const session = (await findSession(this.#db, row.sessionId))!;
    const allowed =
      (staff.role === 'home_clerk' && staff.jurisdictionCode === row.homeJurisdictionCode) ||
      session.localClerkId === staff.id ||
      (staff.role === 'supervisor' && jurisdictionCovers(staff.jurisdictionCode, row.homeJurisdictionCode));
    if (!allowed) throw await refusal(this.#db, staff, 'case.read_refused', { type: 'case', id: String(caseId) });
    return row;
  }

  /**
   * The cases `staff` may list, filtered: a local clerk's own sessions' cases, a home clerk's
   * jurisdiction's, a supervisor's jurisdictions covered (their own and everything under it).
   * 即将到期 is due from today up to the configured number of working days ahead (overdue ones are not).
   */
  async list(staff: SignedInStaff, query: CaseListQuery): Promise<Page<CaseListItem>> {
    const filter: CaseFilter = { status: query.status, matterId: query.matter };
    if (staff.role === 'local_clerk') filter.localClerkId = staff.id;
    else if (staff.role === 'home_clerk') filter.homeJurisdictionCode = staff.jurisdictionCode;
    else if (staff.role === 'supervisor') filter.homeJurisdictionCodes = await this.#catalog.coveredCodes(staff);
    else throw await refusal(this.#db, staff, 'case.list_refused', { type: 'case', id: 'all' });
    const today = beijingDate(this.#now());
    if (query.due === 'overdue') filter.overdueAt = today;
    if (query.due === 'soon') {
      filter.dueFrom = today;
      filter.dueBy = addWorkingDays(today, this.#dueSoonWorkingDays, await calendarOverrides(this.#db));
    }
    return await this.#views.list(filter, query);
  }

  /** The case of a session, for whoever may see the session and the case; null when there is none yet. */
  async caseOfSession(staff: SignedInStaff, sessionId: string): Promise<CaseView | null> {
    const session = await findSession(this.#db, sessionId);
    if (!session) throw new AppError('SESSION_NOT_FOUND');
    const queueReader = staff.role === 'home_clerk' && staff.jurisdictionCode === session.homeJurisdictionCode && session.status === 'waiting';
    if (sideOf(staff, session) === null && !queueReader) throw await refusal(this.#db, staff, 'session.read_refused', { type: 'session', id: sessionId });
    const row = await caseOfSession(this.#db, sessionId);
    return row ? (await this.#views.view(await this.readable(staff, row.id))) : null;
  }

  /** One case as `staff` may read it, with where it was received and what they may do next. */
  async page(staff: SignedInStaff, caseId: number): Promise<CasePage> {
    const kase = await this.#views.view(await this.readable(staff, caseId));
    const details = await sessionDetails(this.#db, kase.sessionId);
    const canDecide = staff.role === 'home_clerk' && staff.jurisdictionCode === kase.homeJurisdiction.code;
    return {
      kase,
      localHall: { name: details?.localServicePoint.name ?? '', jurisdictionName: details?.localServicePoint.jurisdictionName ?? '' },
      canDecide,
      materials: canDecide && kase.status === 'received' ? (await this.#catalog.materialNames(kase.matter.id)) : [],
    };
  }

  /** A 补正 or 不予受理 with its 一次性告知书: written in the step's transaction, audited after it. */
  async #withNotice(staff: SignedInStaff, row: CaseRow, decision: CaseDecision, step: (record: NonNullable<Parameters<typeof updateCaseState>[5]>) => Promise<CaseRow>): Promise<CaseRow> {
    const issued: { notice: Awaited<ReturnType<NoticeService['record']>> } = { notice: null };
    const updated = await step(async (tx) => {
      issued.notice = await this.#notices.record(tx, staff, row, decision);
    });
    if (issued.notice) await this.#notices.audit(staff, issued.notice);
    return updated;
  }

  async #chooseCaptures(session: SessionRow, captureIds?: string[]): Promise<string[]> {
    const all = (await capturesOfSession(this.#db, session.id)).map((c) => c.capture);
    if (!captureIds) return all.filter((c) => c.status !== 'recapture_requested').map((c) => c.id);
    const known = new Set(all.map((c) => c.id));
    const foreign = captureIds.find((id) => !known.has(id));
    if (foreign) throw new AppError('CAPTURE_NOT_FOUND');
    return [...new Set(captureIds)];
  }

  async #step(
    staff: SignedInStaff,
    row: CaseRow,
    action: CaseAction,
    changes: Partial<CaseRow>,
    detail: Record<string, unknown>,
    sessionId: string | null = null,
    alsoInTransaction?: Parameters<typeof updateCaseState>[5],
  ): Promise<CaseRow> {
    const to = nextStatus(row.status, action);
    const now = this.#now();
    const updated = await updateCaseState(
      this.#db,
      row.id,
      row.status,
      { ...changes, status: to, updatedAt: now },
      { action, fromStatus: row.status, toStatus: to, detail, actorId: staff.id, sessionId, at: now },
      alsoInTransaction,
    );
    if (!updated) {
      // Someone else moved the case first: judge the step against where it is now.
      return await this.#step(staff, await this.#mustFind(row.id), action, changes, detail, sessionId, alsoInTransaction);
    }
    await this.#after(staff, updated, row, `case.${action}`, sessionId ?? updated.sessionId);
    return updated;
  }

  /** Audit, webhook, and a push to the clerks of the session. */
  async #after(staff: SignedInStaff, row: CaseRow, before: CaseRow | null, action: string, sessionId: string): Promise<void> {
    const now = this.#now();
    await appendAudit(this.#db, {
      actorId: staff.id,
      action,
      entityType: 'case',
      entityId: String(row.id),
      before: before ? { status: before.status } : null,
      after: { status: row.status, caseNumber: row.caseNumber, dueDate: row.dueDate, ...(receiptStep(action) && row.receiptGaps ? { receiptGaps: row.receiptGaps } : {}) },
    });
    const hook = await webhookOf(this.#db, row.homeJurisdictionCode);
    if (hook) {
      const session = (await findSession(this.#db, row.sessionId))!;
      await enqueueDelivery(this.#db, {
        caseId: row.id,
        jurisdictionCode: row.homeJurisdictionCode,
        event: action,
        payload: {
          event: action,
          at: now.toISOString(),
          case: {
            caseNumber: row.caseNumber,
            status: row.status,
            statusName: caseStatusNames[row.status],
            matterId: row.matterId,
            dueDate: row.dueDate,
            result: row.result,
            deliveryMethod: row.deliveryMethod,
            trackingNumber: row.trackingNumber,
            applicant: { name: session.citizenName, idNumber: session.citizenIdNumber, phone: session.citizenPhone },
            package: `/api/cases/${row.id}/package`,
          },
          actor: { id: staff.id, name: staff.displayName },
        },
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      });
    }
    this.#live.tell({ kind: 'case.updated', sessionId, caseId: row.id }, await this.#caseNotices(sessionId, row));
  }

  /** A case as it is now, to the local clerk of `sessionId` (where it changed), its home clerks and the supervisors over it. */
  async caseNotices(sessionId: string, caseId: number): Promise<Notice[]> {
    const row = await findCase(this.#db, caseId);
    return row ? await this.#caseNotices(sessionId, row) : [];
  }

  async #caseNotices(sessionId: string, row: CaseRow): Promise<Notice[]> {
    const session = await findSession(this.#db, sessionId);
    return [notice(caseWatchers(session?.localClerkId, row.homeJurisdictionCode), 'case.updated', { sessionId, caseId: row.id, caseNumber: row.caseNumber, status: row.status })];
  }

  async #mustFind(caseId: number): Promise<CaseRow> {
    const row = await findCase(this.#db, caseId);
    if (!row) throw new AppError('CASE_NOT_FOUND');
    return row;
  }
}

/** The steps that receive material: their audit rows say what was missing. */
const receiptStep = (action: string): boolean => action === 'case.received' || action === 'case.resubmit';

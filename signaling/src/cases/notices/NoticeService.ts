/**
 * 一次性告知书: issued in the same transaction as the home clerk's 补正 or 不予受理 (CaseService.decide),
 * listing every missing or inadequate material with its reason (./noticeItems.ts), the legal basis
 * (the matter's, else 行政许可法第三十二条), the deadline (NOTICE_SUPPLEMENT_WORKING_DAYS working days
 * for a supplement) and the contact (the home window and clerk). Read by whoever may read the case; as
 * a PDF for the local clerk to print, and in the case's export package.
 */
import { createHash } from 'node:crypto';
import {
  appendAudit,
  calendarOverrides,
  findCaseNotice,
  findMatter,
  findSession,
  insertCaseNotice,
  matterNoticeBasis,
  noticesOfCase,
  sessionDetails,
  type CaseNoticeRow,
  type CaseRow,
  type Database,
  type Tx,
} from '@vwindow/db';
import { AppError } from '../../errors';
import { maskName, NOTICE_SUPPLEMENT_WORKING_DAYS, t, type CaseDecision, type NoticeView, type SignedInStaff } from '../../protocol';
import { noticePdf } from '../../documents/noticePdf';
import { addWorkingDays, beijingDate } from '../workingDays';
import { noticeItems } from './noticeItems';


/** Who may read a case (CaseService.readable): throws the audited refusal otherwise. */
export type CaseReadCheck = (staff: SignedInStaff, caseId: number) => Promise<CaseRow>;

export interface NoticeServiceOptions {
  database: Database;
  readable: CaseReadCheck;
  /** Working days a supplement notice gives. Default NOTICE_SUPPLEMENT_WORKING_DAYS (5). */
  workingDays?: number;
  now?: () => Date;
}

export class NoticeService {
  readonly #database: Database;
  readonly #readable: CaseReadCheck;
  readonly #workingDays: number;
  readonly #now: () => Date;

  constructor(options: NoticeServiceOptions) {
    this.#database = options.database;
    this.#readable = options.readable;
    this.#workingDays = options.workingDays ?? NOTICE_SUPPLEMENT_WORKING_DAYS;
    this.#now = options.now ?? (() => new Date());
  }

  get #db() {
    return this.#database.db;
  }

  get workingDays(): number {
    return this.#workingDays;
  }

  /** Writes the notice of a 补正 or 不予受理 inside that step's transaction (`tx`); null for other steps. */
  async record(tx: Tx, staff: SignedInStaff, kase: CaseRow, decision: CaseDecision): Promise<CaseNoticeRow | null> {
    if (decision.action !== 'supplement' && decision.action !== 'decline') return null;
    const now = this.#now();
    // Every statement through `tx`: on PostgreSQL the outer database is another connection, outside the step's transaction.
    const details = (await sessionDetails(tx, kase.sessionId))!;
    const items = noticeItems(decision.action === 'supplement' ? decision.items : [], kase.receiptGaps ?? null);
    return await insertCaseNotice(tx, {
      caseId: kase.id,
      kind: decision.action,
      items,
      reason: decision.action === 'decline' ? decision.reason : null,
      legalBasis: (await matterNoticeBasis(tx, kase.matterId))?.trim() || t('server.notice.defaultLegalBasis'),
      deadline: decision.action === 'supplement' ? addWorkingDays(beijingDate(now), this.#workingDays, await calendarOverrides(tx)) : null,
      contact: {
        jurisdictionName: details.homeJurisdictionName,
        servicePointName: details.homeServicePointName ?? '',
        clerkName: staff.displayName,
        localServicePointName: details.localServicePoint.name,
      },
      issuedById: staff.id,
      issuedAt: now,
    });
  }

  /** The audit row of a notice just recorded (after its step's transaction). */
  async audit(staff: SignedInStaff, notice: CaseNoticeRow): Promise<void> {
    await appendAudit(this.#db, {
      actorId: staff.id,
      action: 'notice.issued',
      entityType: 'case_notice',
      entityId: String(notice.id),
      after: { caseId: notice.caseId, kind: notice.kind, items: notice.items, deadline: notice.deadline, legalBasis: notice.legalBasis },
    });
  }

  /** The notices of a case, oldest first, for whoever may read it. */
  async ofCase(staff: SignedInStaff, caseId: number): Promise<NoticeView[]> {
    const kase = await this.#readable(staff, caseId);
    return await Promise.all((await noticesOfCase(this.#db, kase.id)).map((row) => this.#view(row, kase)));
  }

  /** One notice, for whoever may read its case. */
  async one(staff: SignedInStaff, noticeId: number): Promise<NoticeView> {
    const row = await findCaseNotice(this.#db, noticeId);
    if (!row) throw new AppError('NOTICE_NOT_FOUND');
    return await this.#view(row, await this.#readable(staff, row.caseId));
  }

  /** The notice as a PDF to print or keep. */
  async pdf(staff: SignedInStaff, noticeId: number): Promise<{ fileName: string; bytes: Uint8Array }> {
    const notice = await this.one(staff, noticeId);
    return { fileName: `${notice.caseNumber}-notice-${notice.id}.pdf`, bytes: await noticePdf(notice, this.#workingDays) };
  }

  /** The case's notices for its export package: one PDF each, listed in manifest.json with their sha256. */
  async packageEntries(kase: CaseRow): Promise<{ files: Record<string, Uint8Array>; manifest: Record<string, unknown> }> {
    const files: Record<string, Uint8Array> = {};
    const listed = [];
    for (const row of await noticesOfCase(this.#db, kase.id)) {
      const view = await this.#view(row, kase);
      const bytes = await noticePdf(view, this.#workingDays);
      const file = `notices/${row.id}-${row.kind}.pdf`;
      files[file] = bytes;
      listed.push({ kind: row.kind, title: view.title, items: row.items, reason: row.reason, legalBasis: row.legalBasis, deadline: row.deadline, contact: row.contact, issuedAt: view.issuedAt, file, sha256: sha256Of(bytes) });
    }
    return { files, manifest: { notices: listed } };
  }

  async #view(row: CaseNoticeRow, kase: CaseRow): Promise<NoticeView> {
    const session = (await findSession(this.#db, kase.sessionId))!;
    const matter = (await findMatter(this.#db, kase.matterId))!;
    return {
      id: row.id,
      caseId: kase.id,
      caseNumber: kase.caseNumber,
      kind: row.kind,
      kindName: t(`names.noticeKind.${row.kind}`),
      title: t(`server.notice.title.${row.kind}`),
      matterName: matter.name,
      applicantName: maskName(session.citizenName),
      items: row.items,
      reason: row.reason,
      legalBasis: row.legalBasis,
      deadline: row.deadline,
      contact: row.contact,
      issuedAt: row.issuedAt.toISOString(),
      pdfUrl: `/api/notices/${row.id}/pdf`,
    };
  }
}

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

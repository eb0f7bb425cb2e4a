/**
 * What people read about cases: the case page with its whole timeline, the lists, the public status
 * (nothing personal), and the export package for the home system.
 */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { strToU8, zipSync } from 'fflate';
import {
  calendarOverrides,
  captureIdsOfCase,
  captureWithNames,
  deliveriesOfCase,
  eventsOfCase,
  findCaseByNumber,
  findMatter,
  findSession,
  identityChecksOfSession,
  jurisdictions,
  caseListPageKey,
  listCases,
  recordingsOfSession,
  sessionDetails,
  type CaseFilter,
  type CaseRow,
  type Database,
} from '@vwindow/db';
import type { CaptureStore } from '../captures/CaptureStore';
import { recordingManifest } from '../recording/recordingManifest';
import { AppError } from '../errors';
import { maskIdNumber, maskName, pageOf, type CaseListItem, type CaseView, type Page, type PageRequest, type PublicCaseStatus, type ReceiptGaps, type SignedInStaff, type TimelineEntry } from '../protocol';
import { citizenDataFor } from '../privacy/citizenData';
import { describeGaps } from './receiptGaps';
import { caseActionNames, caseStatusNames, type CaseAction } from './caseLifecycle';
import { beijingDate, workingDaysBetween, type CalendarOverrides } from './workingDays';
import { t } from '../protocol';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const open = new Set(['accepted', 'in_progress']);

/** What else a case's export package carries (signed documents, notices): files and manifest.json entries. */
export interface CasePackagePart {
  packageEntries(kase: CaseRow): Promise<{ files: Record<string, Uint8Array>; manifest: Record<string, unknown> }>;
}

export class CaseViews {
  readonly #database: Database;
  readonly #store: CaptureStore;
  readonly #parts: () => readonly CasePackagePart[];
  readonly #now: () => Date;

  constructor(options: { database: Database; store: CaptureStore; packageParts?: () => readonly CasePackagePart[]; now?: () => Date }) {
    this.#database = options.database;
    this.#store = options.store;
    this.#parts = options.packageParts ?? (() => []);
    this.#now = options.now ?? (() => new Date());
  }

  get #db() {
    return this.#database.db;
  }

  async view(row: CaseRow): Promise<CaseView> {
    const matter = (await findMatter(this.#db, row.matterId))!;
    const session = (await findSession(this.#db, row.sessionId))!;
    const jurisdiction = (await this.#db.select().from(jurisdictions).where(eq(jurisdictions.code, row.homeJurisdictionCode)))[0]!;
    const deliveries = await deliveriesOfCase(this.#db, row.id);
    const failing = deliveries.filter((d) => d.status === 'pending' && d.attempts > 0);
    return {
      id: row.id,
      caseNumber: row.caseNumber,
      status: row.status,
      statusName: caseStatusNames[row.status],
      matter: { id: matter.id, code: matter.code, name: matter.name, timeLimitDays: matter.timeLimitDays },
      homeJurisdiction: { code: jurisdiction.code, name: jurisdiction.name },
      sessionId: row.sessionId,
      citizen: { name: maskName(session.citizenName), idNumber: maskIdNumber(session.citizenIdNumber) },
      createdAt: row.createdAt.toISOString(),
      acceptedAt: iso(row.acceptedAt),
      dueDate: row.dueDate,
      workingDaysLeft: await this.#daysLeft(row),
      decisionReason: row.status === 'supplement_requested' ? null : row.decisionReason,
      supplementItems: row.status === 'supplement_requested' && row.decisionReason ? (JSON.parse(row.decisionReason) as { material: string; note: string }[]) : null,
      result: row.result,
      delivery: row.deliveryMethod ? { method: row.deliveryMethod, trackingNumber: row.trackingNumber } : null,
      captureIds: await captureIdsOfCase(this.#db, row.id),
      receiptGaps: row.receiptGaps ?? null,
      timeline: await this.#timeline(row, deliveries),
      webhook:
        deliveries.length === 0
          ? null
          : {
              pending: deliveries.filter((d) => d.status === 'pending').length,
              failing: failing.length,
              delivered: deliveries.filter((d) => d.status === 'delivered').length,
              lastError: failing.at(-1)?.lastError ?? null,
            },
      statusUrl: `/status?number=${encodeURIComponent(row.caseNumber)}`,
    };
  }

  async list(filter: CaseFilter, request: PageRequest): Promise<Page<CaseListItem>> {
    const calendar = await calendarOverrides(this.#db);
    const page = pageOf(await listCases(this.#db, filter, request), request, ({ c }) => caseListPageKey(c));
    return { ...page, items: page.items.map(({ c, matterName, citizenName }) => ({
      id: c.id,
      caseNumber: c.caseNumber,
      status: c.status,
      statusName: caseStatusNames[c.status],
      matterName,
      citizenName: maskName(citizenName),
      dueDate: c.dueDate,
      workingDaysLeft: this.#daysLeftOn(c, calendar),
      createdAt: c.createdAt.toISOString(),
    })) };
  }

  /** The public status page: the case number and the last 4 characters of the ID number must match. */
  async publicStatus(caseNumber: string, idLast4: string): Promise<PublicCaseStatus> {
    const row = await findCaseByNumber(this.#db, caseNumber);
    const session = row ? (await findSession(this.#db, row.sessionId)) : undefined;
    if (!row || !session || session.citizenIdNumber.slice(-4).toUpperCase() !== idLast4) throw new AppError('CASE_STATUS_NOT_FOUND');
    const matter = (await findMatter(this.#db, row.matterId))!;
    const jurisdiction = (await this.#db.select().from(jurisdictions).where(eq(jurisdictions.code, row.homeJurisdictionCode)))[0]!;
    return {
      caseNumber: row.caseNumber,
      matterName: matter.name,
      homeJurisdictionName: jurisdiction.name,
      status: row.status,
      statusName: caseStatusNames[row.status],
      receivedOn: beijingDate(row.createdAt),
      dueDate: row.dueDate,
      updatedOn: beijingDate(row.updatedAt ?? row.createdAt),
    };
  }

  /**
   * One zip: manifest.json (case, applicant, materials with sha256, and what the package parts add:
   * the signed documents and signatures, the 一次性告知书) and the files. The
   * applicant's ID number and phone are in full only for the clerks of the case's home jurisdiction.
   */
  async exportPackage(row: CaseRow, reader: SignedInStaff): Promise<{ fileName: string; bytes: Uint8Array }> {
    const session = (await sessionDetails(this.#db, row.sessionId))!;
    const files: Record<string, Uint8Array> = {};
    const more: Record<string, unknown> = {};
    for (const part of this.#parts()) {
      const entries = await part.packageEntries(row);
      Object.assign(files, entries.files);
      Object.assign(more, entries.manifest);
    }
    const materials = [];
    for (const id of await captureIdsOfCase(this.#db, row.id)) {
      const { capture, materialName } = (await captureWithNames(this.#db, id))!;
      const ext = capture.mimeType === 'application/pdf' ? 'pdf' : capture.mimeType === 'image/png' ? 'png' : 'jpg';
      const path = `captures/${capture.sha256}.${ext}`;
      files[path] = readFileSync(this.#store.pathOf(capture.sha256));
      materials.push({ material: materialName ?? t('names.otherMaterial'), file: path, mimeType: capture.mimeType, sizeBytes: capture.sizeBytes, sha256: capture.sha256, capturedAt: capture.createdAt.toISOString() });
    }
    const [identity] = await identityChecksOfSession(this.#db, row.sessionId);
    const manifest = {
      format: 'vwindow-case-package/1',
      exportedAt: this.#now().toISOString(),
      case: { caseNumber: row.caseNumber, status: row.status, dueDate: row.dueDate, createdAt: row.createdAt.toISOString(), acceptedAt: iso(row.acceptedAt) },
      matter: session.matter,
      homeJurisdiction: { code: row.homeJurisdictionCode, name: session.homeJurisdictionName },
      receivedAt: { servicePoint: session.localServicePoint.name, jurisdiction: session.localServicePoint.jurisdictionName, clerk: session.localClerkName },
      applicant: citizenDataFor(reader, row.homeJurisdictionCode, { name: session.session.citizenName, idNumber: session.session.citizenIdNumber, phone: session.session.citizenPhone }),
      identityCheck: identity ? { verdict: identity.check.verdict, checkedBy: identity.checkedByName, checkedAt: identity.check.createdAt.toISOString() } : null,
      materials,
      recordings: recordingManifest(await recordingsOfSession(this.#db, row.sessionId)),
      ...more,
    };
    files['manifest.json'] = strToU8(JSON.stringify(manifest, null, 2));
    return { fileName: `${row.caseNumber}.zip`, bytes: zipSync(files, { level: 0 }) };
  }

  /** Working days until the due date; pass the calendar when computing many (it is one query). */
  async #daysLeft(row: CaseRow): Promise<number | null> {
    return this.#daysLeftOn(row, await calendarOverrides(this.#db));
  }

  #daysLeftOn(row: CaseRow, calendar: CalendarOverrides): number | null {
    if (!row.dueDate || !open.has(row.status)) return null;
    return workingDaysBetween(beijingDate(this.#now()), row.dueDate, calendar);
  }

  async #timeline(row: CaseRow, deliveries: Awaited<ReturnType<typeof deliveriesOfCase>>): Promise<TimelineEntry[]> {
    const events = await eventsOfCase(this.#db, row.id);
    const sessionIds = [...new Set([row.sessionId, ...events.map((e) => e.event.sessionId).filter((s): s is string => !!s)])];
    const entries: TimelineEntry[] = [];
    for (const id of sessionIds) {
      const s = await sessionDetails(this.#db, id);
      if (!s) continue;
      entries.push({ at: s.session.createdAt.toISOString(), kind: 'session', title: t('server.timeline.sessionStarted'), detail: s.localServicePoint.name, actor: s.localClerkName });
      if (s.session.acceptedAt) entries.push({ at: s.session.acceptedAt.toISOString(), kind: 'session', title: t('server.timeline.sessionAccepted'), detail: s.homeServicePointName, actor: s.homeClerkName });
      if (s.session.endedAt) entries.push({ at: s.session.endedAt.toISOString(), kind: 'session', title: s.session.status === 'cancelled' ? t('server.timeline.sessionCancelled') : t('server.timeline.sessionEnded'), detail: s.session.endReason, actor: s.endedByName });
      for (const { check, checkedByName } of await identityChecksOfSession(this.#db, id)) {
        entries.push({ at: check.createdAt.toISOString(), kind: 'identity', title: check.verdict === 'verified' ? t('server.timeline.identityVerified') : t('server.timeline.identityNotVerified'), detail: check.reason, actor: checkedByName });
      }
    }
    const captureIds = await captureIdsOfCase(this.#db, row.id);
    if (captureIds.length > 0) {
      for (const found of (await Promise.all(captureIds.map((id) => captureWithNames(this.#db, id)))).filter((c) => !!c)) {
        entries.push({ at: found.capture.createdAt.toISOString(), kind: 'capture', title: t('server.timeline.capture', { material: found.materialName ?? t('names.otherMaterial') }), detail: `sha256 ${found.capture.sha256.slice(0, 12)}…`, actor: found.capturedByName });
      }
    }
    for (const { event, actorName } of events) {
      const name = event.action === 'receive' ? t('names.caseAction.receive') : (caseActionNames[event.action as CaseAction] ?? event.action);
      entries.push({ at: event.at.toISOString(), kind: 'case', title: t('server.timeline.caseStep', { action: name, status: caseStatusNames[event.toStatus] }), detail: describe(event.detail), actor: actorName });
    }
    for (const d of deliveries) {
      if (d.status === 'delivered' && d.deliveredAt) entries.push({ at: d.deliveredAt.toISOString(), kind: 'delivery', title: t('server.timeline.webhookDelivered', { event: d.event }), detail: t('server.timeline.webhookDeliveredDetail', { attempts: d.attempts }), actor: null });
      else if (d.attempts > 0) entries.push({ at: d.createdAt.toISOString(), kind: 'delivery', title: t('server.timeline.webhookFailed', { event: d.event }), detail: t('server.timeline.webhookFailedDetail', { attempts: d.attempts, error: d.lastError ?? '' }), actor: null });
    }
    return entries.sort((a, b) => a.at.localeCompare(b.at));
  }
}

function isGaps(value: unknown): value is ReceiptGaps {
  return typeof value === 'object' && value !== null && Array.isArray((value as ReceiptGaps).missing) && Array.isArray((value as ReceiptGaps).recapture);
}

function describe(detail: Record<string, unknown> | null): string | null {
  if (!detail) return null;
  if (typeof detail.reason === 'string') return detail.reason;
  if (typeof detail.result === 'string') return detail.result;
  if (typeof detail.dueDate === 'string') return t('server.timeline.dueDate', { date: detail.dueDate });
  if (Array.isArray(detail.items)) return (detail.items as { material: string }[]).map((i) => i.material).join('、');
  if (typeof detail.method === 'string') {
    const method = t(`names.deliveryMethod.${detail.method as 'mail' | 'pickup' | 'electronic'}`);
    return detail.trackingNumber ? `${method} ${String(detail.trackingNumber)}` : method;
  }
  if (typeof detail.captureCount === 'number' && isGaps(detail.gaps)) {
    return t('server.timeline.receivedWithGaps', { count: detail.captureCount, gaps: describeGaps(detail.gaps) });
  }
  if (typeof detail.captureCount === 'number') return t('server.timeline.captureCount', { count: detail.captureCount });
  return null;
}


/** Administration: jurisdiction webhooks, the working-day calendar, webhook failures, and the audit log. */
import { z } from 'zod';
import { t } from './i18n';
import { lineText } from './text';
import { calendarDayKinds, type CalendarDayKind } from './values';

export const jurisdictionCodeParam = z.string().regex(/^\d{6}$/, { message: t('validation.homeJurisdiction') });
export const calendarDateParam = z.iso.date({ message: t('validation.calendarDate') });

/** PUT /api/admin/webhooks/:code and the settings page's webhook form. */
export const webhookRequest = z.strictObject({ url: z.url({ protocol: /^https?$/, message: t('server.detail.webhookUrl') }).max(500) });
/** PUT /api/admin/calendar/:date and the settings page's calendar form. */
export const calendarDayRequest = z.strictObject({ kind: z.enum(calendarDayKinds), name: lineText().max(40).default('') });

export interface WebhookSummary {
  jurisdictionCode: string;
  jurisdictionName: string;
  url: string;
  updatedAt: string;
}

export interface WebhookFailure {
  id: number;
  caseId: number;
  caseNumber: string;
  jurisdictionCode: string;
  jurisdictionName: string;
  event: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  /** The event as queued, with the applicant's name, ID number and phone masked. */
  payload: unknown;
}

export interface CalendarDay {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

/** The settings page: what can be configured and what is failing. */
export interface AdminSettings {
  jurisdictions: { code: string; name: string }[];
  webhooks: WebhookSummary[];
  failures: WebhookFailure[];
  calendar: CalendarDay[];
}

/** A webhook as just set: its signing secret is shown this once. */
export interface WebhookSet {
  jurisdictionCode: string;
  url: string;
  secret: string;
  /** Pending deliveries made due now, to go to the new address. */
  retried: number;
}

/** The audit log's filter (GET /api/admin/audit and the audit page); typed text follows the free-text rule. */
export const auditQuery = z.strictObject({
  actor: lineText().max(64).optional(),
  entityType: lineText().max(40).optional(),
  entityId: lineText().max(300).optional(),
  from: z.iso.date().optional(),
  until: z.iso.date().optional(),
});
export type AuditQuery = z.input<typeof auditQuery>;

/** `GET /api/audit/verify?full=1`: the whole chain from its first row rather than from the last checkpoint. */
export const auditVerifyQuery = z.strictObject({ full: z.literal('1').optional() });

export interface AuditEntryView {
  id: number;
  at: string;
  actor: { id: number; username: string; name: string } | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** The chain check: every row's hash and link, or the first row that does not match. */
/**
 * The audit check: the chain of rows, then every recording segment whose sha256 the chain holds
 * (`recording` names the first file changed or removed; `brokenAtId` is then the row holding its hash).
 * `fromRow`: the chain was checked from the last checkpoint, the rows after this many (absent: from the first row).
 */
export type AuditChainVerdict =
  | { ok: true; rows: number; fromRow?: number; recordingSegments?: number }
  | { ok: false; rows: number; brokenAtId: number; fromRow?: number; recording?: { id: string; file: string; problem: 'missing' | 'changed' } };

/** Cases (办件) as browser and server exchange them. */
import { z } from 'zod';
import { freeText, lineText } from './text';
import { t } from './i18n';
import { oneCursor, pageQueryFields } from './paging';
import { caseStatuses, deliveryMethods, type CaseStatus, type DeliveryMethod } from './values';

export { caseStatuses, deliveryMethods, DUE_SOON_WORKING_DAYS, type CaseStatus, type DeliveryMethod } from './values';

export const createCaseRequest = z.strictObject({
  /** The captures that form the application; default: every capture of the session not sent back for re-capture. */
  captureIds: z.array(z.uuid()).max(200).optional(),
  /** The clerk confirmed receiving it although required materials are missing or under re-capture. */
  confirmGaps: z.boolean().optional(),
});

/**
 * What a case lacked when it was received: required materials of the matter with no usable capture,
 * and captures sent back for re-capture (需重新采集) that nothing newer replaced.
 */
export interface ReceiptGaps {
  missing: { materialId: number; material: string }[];
  recapture: { captureId: string; material: string; note: string | null }[];
}

export const caseDecisionRequest = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept') }),
  z.strictObject({ action: z.literal('decline'), reason: freeText().min(1, { message: t('validation.declineReason') }).max(500) }),
  z.strictObject({
    action: z.literal('supplement'),
    items: z
      .array(z.strictObject({ material: lineText().min(1).max(100), note: freeText().max(200).default('') }))
      .min(1, { message: t('validation.supplementItems') })
      .max(50),
  }),
  z.strictObject({ action: z.literal('start') }),
  z.strictObject({ action: z.literal('complete'), result: freeText().min(1, { message: t('validation.caseResult') }).max(500) }),
  z.strictObject({
    action: z.literal('deliver'),
    method: z.enum(deliveryMethods),
    trackingNumber: lineText().max(40).optional(),
  }).refine((d) => d.method !== 'mail' || !!d.trackingNumber, { message: t('validation.trackingNumber'), path: ['trackingNumber'] }),
]);
export type CaseDecision = z.output<typeof caseDecisionRequest>;

/** The case list's filters and page (see paging.ts). */
export const caseListQuery = z
  .strictObject({
    status: z.enum(caseStatuses).optional(),
    matter: z.coerce.number().int().positive().optional(),
    due: z.enum(['soon', 'overdue']).optional(),
    ...pageQueryFields,
  })
  .refine(oneCursor, { message: t('validation.pageCursor'), path: ['before'] });

export const caseStatusQuery = z.strictObject({
  number: z.string().trim().regex(/^\d{6}-\d{8}-\d{4}$/, { message: t('validation.caseNumber') }),
  idLast4: z.string().trim().regex(/^\d{3}[\dXx]$/, { message: t('validation.idLast4') }).transform((v) => v.toUpperCase()),
});

export interface TimelineEntry {
  at: string;
  kind: 'session' | 'capture' | 'identity' | 'case' | 'delivery';
  title: string;
  detail: string | null;
  actor: string | null;
}

export interface CaseView {
  id: number;
  caseNumber: string;
  status: CaseStatus;
  statusName: string;
  matter: { id: number; code: string; name: string; timeLimitDays: number };
  homeJurisdiction: { code: string; name: string };
  sessionId: string;
  citizen: { name: string; idNumber: string };
  createdAt: string;
  acceptedAt: string | null;
  dueDate: string | null;
  /** Working days left until the due date (negative when overdue), while the case is open. */
  workingDaysLeft: number | null;
  decisionReason: string | null;
  supplementItems: { material: string; note: string }[] | null;
  result: string | null;
  delivery: { method: DeliveryMethod; trackingNumber: string | null } | null;
  captureIds: string[];
  /** What was missing when it was received (the clerk confirmed); null: nothing. */
  receiptGaps: ReceiptGaps | null;
  timeline: TimelineEntry[];
  webhook: { pending: number; failing: number; delivered: number; lastError: string | null } | null;
  /** Where the citizen can follow the case (the receipt's QR code points here). */
  statusUrl: string;
}

/**
 * GET /api/sessions/:id/case: the case received from the session, or null while there is none yet
 * (an answer, not an error: the call page asks before any case exists).
 */
export interface SessionCaseResponse {
  case: CaseView | null;
}

export interface CaseListItem {
  id: number;
  caseNumber: string;
  status: CaseStatus;
  statusName: string;
  matterName: string;
  citizenName: string;
  dueDate: string | null;
  workingDaysLeft: number | null;
  createdAt: string;
}

export interface PublicCaseStatus {
  caseNumber: string;
  matterName: string;
  homeJurisdictionName: string;
  status: CaseStatus;
  statusName: string;
  receivedOn: string;
  dueDate: string | null;
  updatedOn: string;
}

export type CaseListQuery = z.output<typeof caseListQuery>;

/** The case page: the case as its reader may see it, where it was received, and what they may do next. */
export interface CasePage {
  kase: CaseView;
  /** Where the citizen was received (the local hall). */
  localHall: { name: string; jurisdictionName: string };
  /** Whether the reader may take the case's next steps (a home clerk of its jurisdiction). */
  canDecide: boolean;
  /** The matter's material names, offered when asking for a supplement (only to whoever may decide a received case). */
  materials: string[];
}

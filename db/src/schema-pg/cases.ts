/** Cases (办件): state, the captures that form them, their timeline, the calendar and webhooks. */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, type PgColumn, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { autoId, createdAt, timestampMs } from './columns';
import { jurisdictions, matters } from './catalog';
import { captures, sessionRef } from './sessions';
import { staffRef } from './staff';
import type { ReceiptGaps } from '@vwindow/signaling/protocol/cases';
import { calendarDayKinds, caseStatuses, deliveryMethods, webhookDeliveryStatuses } from '@vwindow/signaling/protocol/values';

/**
 * The case list's order: due date first, undated (not yet accepted) last, then newest first. As index
 * expressions (no commas: drizzle-kit splits an index expression at them), so a page of the list is a
 * range of cases_jurisdiction_due_idx.
 */
export const caseListKey = (dueDate: PgColumn) => sql`(CASE WHEN ${dueDate} IS NULL THEN '9999-12-31' ELSE ${dueDate} END)`;
export const caseListTieBreak = (id: PgColumn) => sql`(-${id})`;

/** 办件: what the home jurisdiction receives and decides. */
export const cases = pgTable(
  'cases',
  {
    id: autoId(),
    caseNumber: text('case_number').notNull().unique(),
    sessionId: sessionRef().notNull(),
    matterId: integer('matter_id')
      .notNull()
      .references(() => matters.id),
    homeJurisdictionCode: text('home_jurisdiction_code')
      .notNull()
      .references(() => jurisdictions.code),
    status: text('status', { enum: caseStatuses }).notNull().default('received'),
    /** 承诺办结日期 (YYYY-MM-DD), set when the case is accepted (受理). */
    dueDate: text('due_date'),
    acceptedAt: timestampMs('accepted_at'),
    decisionReason: text('decision_reason'),
    result: text('result'),
    deliveryMethod: text('delivery_method', { enum: deliveryMethods }),
    trackingNumber: text('tracking_number'),
    /** What was missing or sent back for re-capture when the case was received (confirmed by the clerk); null: nothing. */
    receiptGaps: jsonb('receipt_gaps').$type<ReceiptGaps>(),
    createdById: staffRef('created_by_id').notNull(),
    createdAt: createdAt(),
    updatedAt: timestampMs('updated_at'),
  },
  (t) => [
    index('cases_jurisdiction_status_idx').on(t.homeJurisdictionCode, t.status),
    // The case list's order (caseListOrder in queries/cases.ts): due date first, undated last, then id.
    index('cases_jurisdiction_due_idx').on(t.homeJurisdictionCode, caseListKey(t.dueDate), caseListTieBreak(t.id)),
    index('cases_session_idx').on(t.sessionId),
  ],
);

/** The captures that form a case's application (a supplement adds more). */
export const caseCaptures = pgTable(
  'case_captures',
  {
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    captureId: text('capture_id')
      .notNull()
      .references(() => captures.id),
    addedAt: timestampMs('added_at').notNull(),
  },
  (t) => [uniqueIndex('case_captures_unique').on(t.caseId, t.captureId)],
);

/** Every step of a case, with who and when: the case page's timeline. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: autoId(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    action: text('action').notNull(),
    fromStatus: text('from_status', { enum: caseStatuses }),
    toStatus: text('to_status', { enum: caseStatuses }).notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    actorId: staffRef('actor_id'),
    sessionId: sessionRef(),
    at: timestampMs('at').notNull(),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.id)],
);

/** Days that break the Monday–Friday rule: public holidays, and weekend days worked in exchange (调休). */
export const calendarDays = pgTable('calendar_days', {
  date: text('date').primaryKey(),
  kind: text('kind', { enum: calendarDayKinds }).notNull(),
  name: text('name').notNull().default(''),
});

/** Where a jurisdiction's own case system receives case events. */
export const jurisdictionWebhooks = pgTable('jurisdiction_webhooks', {
  jurisdictionCode: text('jurisdiction_code')
    .primaryKey()
    .references(() => jurisdictions.code),
  url: text('url').notNull(),
  /** HMAC-SHA256 key for the X-Vwindow-Signature header. */
  secret: text('secret').notNull(),
  updatedAt: timestampMs('updated_at').notNull(),
});

/** One case event on its way to a webhook; kept until the receiver answers 2xx, across restarts. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: autoId(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    jurisdictionCode: text('jurisdiction_code').notNull(),
    event: text('event').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: webhookDeliveryStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestampMs('next_attempt_at').notNull(),
    lastError: text('last_error'),
    deliveredAt: timestampMs('delivered_at'),
    createdAt: timestampMs('created_at').notNull(),
  },
  (t) => [index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt), index('webhook_deliveries_case_idx').on(t.caseId)],
);

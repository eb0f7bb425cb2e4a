/** Sessions (视频会话) and what happens in them: captures, identity checks, chat. */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';
import { jurisdictions, matterMaterials, matters, servicePoints } from './catalog';
import { staffRef } from './staff';
import { captureKinds, captureStatuses, identityVerdicts, sessionStatuses } from '@vwindow/signaling/protocol/values';

/** The session a row belongs to; chain `.notNull()` where it always has one. */
export const sessionRef = () => text('session_id').references(() => sessions.id);

/** 视频会话: one screen-to-screen meeting between a local and a home window. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    matterId: integer('matter_id')
      .notNull()
      .references(() => matters.id),
    homeJurisdictionCode: text('home_jurisdiction_code')
      .notNull()
      .references(() => jurisdictions.code),
    localServicePointId: integer('local_service_point_id')
      .notNull()
      .references(() => servicePoints.id),
    localClerkId: staffRef('local_clerk_id').notNull(),
    homeServicePointId: integer('home_service_point_id').references(() => servicePoints.id),
    homeClerkId: staffRef('home_clerk_id'),
    citizenName: text('citizen_name').notNull(),
    citizenIdNumber: text('citizen_id_number').notNull(),
    citizenPhone: text('citizen_phone').notNull(),
    status: text('status', { enum: sessionStatuses }).notNull().default('waiting'),
    createdAt: createdAt(),
    acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    endedById: staffRef('ended_by_id'),
    endReason: text('end_reason'),
  },
  (t) => [
    // With id, so the queue's order (oldest first, then id) is this index's and no other looks better to the planner.
    index('sessions_queue_idx').on(t.homeJurisdictionCode, t.status, t.createdAt, t.id),
    index('sessions_local_clerk_idx').on(t.localClerkId, t.createdAt, t.id),
    index('sessions_home_clerk_idx').on(t.homeClerkId, t.createdAt, t.id),
    index('sessions_jurisdiction_created_idx').on(t.homeJurisdictionCode, t.createdAt, t.id),
    // The open sessions (waiting, active) among all ever held, for the check for abandoned ones every few seconds.
    index('sessions_status_idx').on(t.status),
  ],
);

/** 材料采集: one image or file of a document, stored under the data directory by sha256. */
export const captures = sqliteTable(
  'captures',
  {
    id: text('id').primaryKey(),
    sessionId: sessionRef().notNull(),
    materialId: integer('material_id').references(() => matterMaterials.id),
    kind: text('kind', { enum: captureKinds }).notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    width: integer('width'),
    height: integer('height'),
    status: text('status', { enum: captureStatuses }).notNull().default('pending'),
    reviewNote: text('review_note'),
    capturedById: staffRef('captured_by_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('captures_session_idx').on(t.sessionId)],
);

/** 身份核验: the recorded verdict on who the citizen is. */
export const identityChecks = sqliteTable(
  'identity_checks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: sessionRef().notNull(),
    verdict: text('verdict', { enum: identityVerdicts }).notNull(),
    reason: text('reason'),
    /** The captures (ID card sides, live photo) the verdict was recorded on. */
    captureIds: text('capture_ids', { mode: 'json' }).$type<string[]>(),
    checkedById: staffRef('checked_by_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('identity_checks_session_idx').on(t.sessionId)],
);

/** Text chat inside a session, kept with the session. */
export const chatMessages = sqliteTable(
  'chat_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: sessionRef().notNull(),
    senderId: staffRef('sender_id').notNull(),
    text: text('text').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('chat_messages_session_idx').on(t.sessionId, t.id)],
);

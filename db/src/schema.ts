/**
 * The data model of the virtual window, one table per domain concept (see shared DESIGN.md, "Words").
 * camelCase keys in TypeScript, snake_case columns in SQLite; timestamps are epoch milliseconds.
 */
import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const jurisdictionLevels = ['province', 'city', 'county'] as const;
export type JurisdictionLevel = (typeof jurisdictionLevels)[number];

/** 行政区划, keyed by its GB/T 2260 code. */
export const jurisdictions = sqliteTable(
  'jurisdictions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level', { enum: jurisdictionLevels }).notNull(),
    parentCode: text('parent_code').references((): AnySQLiteColumn => jurisdictions.code),
  },
  (t) => [
    check('jurisdictions_code_format', sql`length(${t.code}) = 6 AND ${t.code} GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]'`),
    index('jurisdictions_parent_idx').on(t.parentCode),
  ],
);

export const servicePointSides = ['local', 'home', 'both'] as const;
export type ServicePointSide = (typeof servicePointSides)[number];

/** 服务点/专窗: a hall window that can start sessions (local), take them (home), or both. */
export const servicePoints = sqliteTable(
  'service_points',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jurisdictionCode: text('jurisdiction_code')
      .notNull()
      .references(() => jurisdictions.code),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    side: text('side', { enum: servicePointSides }).notNull(),
  },
  (t) => [index('service_points_jurisdiction_idx').on(t.jurisdictionCode)],
);

/** 事项: a kind of government service with its home jurisdiction and time limit. */
export const matters = sqliteTable(
  'matters',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    homeJurisdictionCode: text('home_jurisdiction_code')
      .notNull()
      .references(() => jurisdictions.code),
    /** 承诺时限, in working days. */
    timeLimitDays: integer('time_limit_days').notNull(),
    description: text('description').notNull().default(''),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [
    index('matters_home_jurisdiction_idx').on(t.homeJurisdictionCode),
    check('matters_time_limit_positive', sql`${t.timeLimitDays} > 0`),
  ],
);

/** One entry of a matter's material checklist (申请材料). */
export const matterMaterials = sqliteTable(
  'matter_materials',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    matterId: integer('matter_id')
      .notNull()
      .references(() => matters.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    required: integer('required', { mode: 'boolean' }).notNull().default(true),
    note: text('note').notNull().default(''),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [index('matter_materials_matter_idx').on(t.matterId)],
);

export const staffRoles = ['local_clerk', 'home_clerk', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const staff = sqliteTable(
  'staff',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: staffRoles }).notNull(),
    jurisdictionCode: text('jurisdiction_code')
      .notNull()
      .references(() => jurisdictions.code),
    servicePointId: integer('service_point_id').references(() => servicePoints.id),
    /** scrypt, as produced by db/src/password.ts. */
    passwordHash: text('password_hash').notNull(),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('staff_jurisdiction_idx').on(t.jurisdictionCode)],
);

/** A signed-in browser: the cookie holds the token, the table holds its sha256 only. */
export const signIns = sqliteTable(
  'sign_ins',
  {
    tokenHash: text('token_hash').primaryKey(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    userAgent: text('user_agent').notNull().default(''),
  },
  (t) => [index('sign_ins_staff_idx').on(t.staffId)],
);

export const sessionStatuses = ['waiting', 'active', 'ended', 'cancelled'] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

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
    localClerkId: integer('local_clerk_id')
      .notNull()
      .references(() => staff.id),
    homeServicePointId: integer('home_service_point_id').references(() => servicePoints.id),
    homeClerkId: integer('home_clerk_id').references(() => staff.id),
    citizenName: text('citizen_name').notNull(),
    citizenIdNumber: text('citizen_id_number').notNull(),
    citizenPhone: text('citizen_phone').notNull(),
    status: text('status', { enum: sessionStatuses }).notNull().default('waiting'),
    createdAt: createdAt(),
    acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    endedById: integer('ended_by_id').references(() => staff.id),
    endReason: text('end_reason'),
  },
  (t) => [
    index('sessions_queue_idx').on(t.homeJurisdictionCode, t.status, t.createdAt),
    index('sessions_local_clerk_idx').on(t.localClerkId),
  ],
);

export const captureKinds = ['still', 'upload'] as const;
export const captureStatuses = ['pending', 'accepted', 'recapture_requested'] as const;

/** 材料采集: one image or file of a document, stored under the data directory by sha256. */
export const captures = sqliteTable(
  'captures',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id),
    materialId: integer('material_id').references(() => matterMaterials.id),
    kind: text('kind', { enum: captureKinds }).notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    width: integer('width'),
    height: integer('height'),
    status: text('status', { enum: captureStatuses }).notNull().default('pending'),
    reviewNote: text('review_note'),
    capturedById: integer('captured_by_id')
      .notNull()
      .references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [index('captures_session_idx').on(t.sessionId)],
);

export const identityVerdicts = ['verified', 'not_verified'] as const;

/** 身份核验: the recorded verdict on who the citizen is. */
export const identityChecks = sqliteTable(
  'identity_checks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id),
    verdict: text('verdict', { enum: identityVerdicts }).notNull(),
    reason: text('reason'),
    checkedById: integer('checked_by_id')
      .notNull()
      .references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [index('identity_checks_session_idx').on(t.sessionId)],
);

export const caseStatuses = [
  'received',
  'accepted',
  'declined',
  'supplement_requested',
  'in_progress',
  'completed',
  'delivered',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const deliveryMethods = ['mail', 'pickup', 'electronic'] as const;

/** 办件: what the home jurisdiction receives and decides. */
export const cases = sqliteTable(
  'cases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseNumber: text('case_number').notNull().unique(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id),
    matterId: integer('matter_id')
      .notNull()
      .references(() => matters.id),
    homeJurisdictionCode: text('home_jurisdiction_code')
      .notNull()
      .references(() => jurisdictions.code),
    status: text('status', { enum: caseStatuses }).notNull().default('received'),
    /** 承诺办结日期 (YYYY-MM-DD), set when the case is accepted (受理). */
    dueDate: text('due_date'),
    acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }),
    decisionReason: text('decision_reason'),
    result: text('result'),
    deliveryMethod: text('delivery_method', { enum: deliveryMethods }),
    trackingNumber: text('tracking_number'),
    createdById: integer('created_by_id')
      .notNull()
      .references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('cases_jurisdiction_status_idx').on(t.homeJurisdictionCode, t.status),
    index('cases_session_idx').on(t.sessionId),
  ],
);

/** The captures that form a case's application (a supplement adds more). */
export const caseCaptures = sqliteTable(
  'case_captures',
  {
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    captureId: text('capture_id')
      .notNull()
      .references(() => captures.id),
    addedAt: integer('added_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('case_captures_unique').on(t.caseId, t.captureId)],
);

/** Every step of a case, with who and when: the case page's timeline. */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    action: text('action').notNull(),
    fromStatus: text('from_status', { enum: caseStatuses }),
    toStatus: text('to_status', { enum: caseStatuses }).notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
    actorId: integer('actor_id').references(() => staff.id),
    sessionId: text('session_id').references(() => sessions.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.id)],
);

export const calendarDayKinds = ['holiday', 'workday'] as const;

/** Days that break the Monday–Friday rule: public holidays, and weekend days worked in exchange (调休). */
export const calendarDays = sqliteTable('calendar_days', {
  date: text('date').primaryKey(),
  kind: text('kind', { enum: calendarDayKinds }).notNull(),
  name: text('name').notNull().default(''),
});

/** Where a jurisdiction's own case system receives case events. */
export const jurisdictionWebhooks = sqliteTable('jurisdiction_webhooks', {
  jurisdictionCode: text('jurisdiction_code')
    .primaryKey()
    .references(() => jurisdictions.code),
  url: text('url').notNull(),
  /** HMAC-SHA256 key for the X-Vwindow-Signature header. */
  secret: text('secret').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

export const webhookDeliveryStatuses = ['pending', 'delivered'] as const;

/** One case event on its way to a webhook; kept until the receiver answers 2xx, across restarts. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    jurisdictionCode: text('jurisdiction_code').notNull(),
    event: text('event').notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
    status: text('status', { enum: webhookDeliveryStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    deliveredAt: integer('delivered_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt), index('webhook_deliveries_case_idx').on(t.caseId)],
);

/** 好差评 levels: 5 非常满意 … 1 非常不满意. */
export const ratings = sqliteTable(
  'ratings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    level: integer('level'),
    reasons: text('reasons', { mode: 'json' }).$type<string[]>(),
    comment: text('comment'),
    isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
    /** An upheld appeal takes the rating out of the statistics; the row stays on record. */
    excludedFromStats: integer('excluded_from_stats', { mode: 'boolean' }).notNull().default(false),
    homeClerkId: integer('home_clerk_id').references(() => staff.id),
    localServicePointId: integer('local_service_point_id').references(() => servicePoints.id),
    homeServicePointId: integer('home_service_point_id').references(() => servicePoints.id),
    createdAt: createdAt(),
    ratedAt: integer('rated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('ratings_session_unique').on(t.sessionId),
    check('ratings_level_range', sql`${t.level} IS NULL OR ${t.level} BETWEEN 1 AND 5`),
  ],
);

export const followUpStatuses = ['open', 'return_called', 'rectified', 'closed'] as const;

/** 差评整改: the supervisor's handling of a bad rating. */
export const followUps = sqliteTable('follow_ups', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ratingId: integer('rating_id')
    .notNull()
    .unique()
    .references(() => ratings.id),
  jurisdictionCode: text('jurisdiction_code')
    .notNull()
    .references(() => jurisdictions.code),
  status: text('status', { enum: followUpStatuses }).notNull().default('open'),
  deadline: text('deadline').notNull(),
  returnCallAt: integer('return_call_at', { mode: 'timestamp_ms' }),
  returnCallOutcome: text('return_call_outcome'),
  returnCallById: integer('return_call_by_id').references(() => staff.id),
  rectification: text('rectification'),
  rectifiedAt: integer('rectified_at', { mode: 'timestamp_ms' }),
  rectifiedById: integer('rectified_by_id').references(() => staff.id),
  closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
  closedById: integer('closed_by_id').references(() => staff.id),
  createdAt: createdAt(),
});

export const appealStatuses = ['pending', 'upheld', 'rejected'] as const;

/** A clerk's appeal (申诉) against a rating, decided by a supervisor. */
export const ratingAppeals = sqliteTable(
  'rating_appeals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ratingId: integer('rating_id')
      .notNull()
      .references(() => ratings.id),
    clerkId: integer('clerk_id')
      .notNull()
      .references(() => staff.id),
    reason: text('reason').notNull(),
    status: text('status', { enum: appealStatuses }).notNull().default('pending'),
    decisionNote: text('decision_note'),
    decidedById: integer('decided_by_id').references(() => staff.id),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('rating_appeals_rating_idx').on(t.ratingId)],
);

/** Append-only; each row carries the sha256 of the previous one. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    actorId: integer('actor_id').references(() => staff.id),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_entity_idx').on(t.entityType, t.entityId)],
);

/** Text chat inside a session, kept with the session. */
export const chatMessages = sqliteTable(
  'chat_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id),
    senderId: integer('sender_id')
      .notNull()
      .references(() => staff.id),
    text: text('text').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('chat_messages_session_idx').on(t.sessionId, t.id)],
);

/** 好差评: ratings, their follow-ups and appeals. */
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';
import { jurisdictions, servicePoints } from './catalog';
import { sessionRef } from './sessions';
import { staffRef } from './staff';
import { appealStatuses, followUpStatuses } from '@vwindow/signaling/protocol/values';

/** 好差评 levels: 5 非常满意 … 1 非常不满意. */
export const ratings = sqliteTable(
  'ratings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: sessionRef().notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    level: integer('level'),
    reasons: text('reasons', { mode: 'json' }).$type<string[]>(),
    comment: text('comment'),
    isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
    /** An upheld appeal takes the rating out of the statistics; the row stays on record. */
    excludedFromStats: integer('excluded_from_stats', { mode: 'boolean' }).notNull().default(false),
    homeClerkId: staffRef('home_clerk_id'),
    localServicePointId: integer('local_service_point_id').references(() => servicePoints.id),
    homeServicePointId: integer('home_service_point_id').references(() => servicePoints.id),
    createdAt: createdAt(),
    ratedAt: integer('rated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('ratings_session_unique').on(t.sessionId),
    // The unrated ones by expiry, for the default ratings applied every minute.
    index('ratings_unrated_expiry_idx').on(t.level, t.expiresAt),
    check('ratings_level_range', sql`${t.level} IS NULL OR ${t.level} BETWEEN 1 AND 5`),
  ],
);

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
  returnCallById: staffRef('return_call_by_id'),
  rectification: text('rectification'),
  rectifiedAt: integer('rectified_at', { mode: 'timestamp_ms' }),
  rectifiedById: staffRef('rectified_by_id'),
  closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
  closedById: staffRef('closed_by_id'),
  createdAt: createdAt(),
});

/** A clerk's appeal (申诉) against a rating, decided by a supervisor. */
export const ratingAppeals = sqliteTable(
  'rating_appeals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ratingId: integer('rating_id')
      .notNull()
      .references(() => ratings.id),
    clerkId: staffRef('clerk_id').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: appealStatuses }).notNull().default('pending'),
    decisionNote: text('decision_note'),
    decidedById: staffRef('decided_by_id'),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('rating_appeals_rating_idx').on(t.ratingId)],
);

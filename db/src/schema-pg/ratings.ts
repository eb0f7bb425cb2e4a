/** 好差评: ratings, their follow-ups and appeals. */
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { autoId, createdAt, timestampMs } from './columns';
import { jurisdictions, servicePoints } from './catalog';
import { sessionRef } from './sessions';
import { staffRef } from './staff';
import { appealStatuses, followUpStatuses } from '@vwindow/signaling/protocol/values';

/** 好差评 levels: 5 非常满意 … 1 非常不满意. */
export const ratings = pgTable(
  'ratings',
  {
    id: autoId(),
    sessionId: sessionRef().notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestampMs('expires_at').notNull(),
    level: integer('level'),
    reasons: jsonb('reasons').$type<string[]>(),
    comment: text('comment'),
    isDefault: boolean('is_default').notNull().default(false),
    /** An upheld appeal takes the rating out of the statistics; the row stays on record. */
    excludedFromStats: boolean('excluded_from_stats').notNull().default(false),
    homeClerkId: staffRef('home_clerk_id'),
    localServicePointId: integer('local_service_point_id').references(() => servicePoints.id),
    homeServicePointId: integer('home_service_point_id').references(() => servicePoints.id),
    createdAt: createdAt(),
    ratedAt: timestampMs('rated_at'),
  },
  (t) => [
    uniqueIndex('ratings_session_unique').on(t.sessionId),
    // The unrated ones by expiry, for the default ratings applied every minute.
    index('ratings_unrated_expiry_idx').on(t.level, t.expiresAt),
    check('ratings_level_range', sql`${t.level} IS NULL OR ${t.level} BETWEEN 1 AND 5`),
  ],
);

/** 差评整改: the supervisor's handling of a bad rating. */
export const followUps = pgTable('follow_ups', {
  id: autoId(),
  ratingId: integer('rating_id')
    .notNull()
    .unique()
    .references(() => ratings.id),
  jurisdictionCode: text('jurisdiction_code')
    .notNull()
    .references(() => jurisdictions.code),
  status: text('status', { enum: followUpStatuses }).notNull().default('open'),
  deadline: text('deadline').notNull(),
  returnCallAt: timestampMs('return_call_at'),
  returnCallOutcome: text('return_call_outcome'),
  returnCallById: staffRef('return_call_by_id'),
  rectification: text('rectification'),
  rectifiedAt: timestampMs('rectified_at'),
  rectifiedById: staffRef('rectified_by_id'),
  closedAt: timestampMs('closed_at'),
  closedById: staffRef('closed_by_id'),
  createdAt: createdAt(),
});

/** A clerk's appeal (申诉) against a rating, decided by a supervisor. */
export const ratingAppeals = pgTable(
  'rating_appeals',
  {
    id: autoId(),
    ratingId: integer('rating_id')
      .notNull()
      .references(() => ratings.id),
    clerkId: staffRef('clerk_id').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: appealStatuses }).notNull().default('pending'),
    decisionNote: text('decision_note'),
    decidedById: staffRef('decided_by_id'),
    decidedAt: timestampMs('decided_at'),
    createdAt: timestampMs('created_at').notNull(),
  },
  (t) => [index('rating_appeals_rating_idx').on(t.ratingId)],
);

/**
 * The supervisor's figures kept per day (issue 17): for each home jurisdiction and business day (the
 * calendar date in Beijing of a session's creation, as the statistics periods count them), one row per
 * group — the whole day, each local service point, matter and home clerk — with what the figures of a
 * period need to be summed from days exactly (signaling/src/supervision/statisticsDays.ts). Every write
 * that changes a session's facts moves its day's version in the same transaction; a day whose figures
 * were computed at an older version (or never) is computed again before it is read.
 */
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { statisticsDimensions } from '@vwindow/signaling/protocol/values';
import { jurisdictions } from './catalog';

/** Which days' figures are current: `version` moves with each change, `computedVersion` says what the stored rows were computed at. */
export const statisticsDayMarks = sqliteTable(
  'statistics_day_marks',
  {
    jurisdictionCode: text('jurisdiction_code')
      .notNull()
      .references(() => jurisdictions.code),
    /** YYYY-MM-DD in Beijing. */
    day: text('day').notNull(),
    version: integer('version').notNull().default(0),
    /** The version the day's statistics_days rows were computed at; null: never computed. */
    computedVersion: integer('computed_version'),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionCode, t.day] })],
);

/** One group's figures of one day (sessions not cancelled; medians from every value, not from summaries). */
export const statisticsDays = sqliteTable(
  'statistics_days',
  {
    jurisdictionCode: text('jurisdiction_code')
      .notNull()
      .references(() => jurisdictions.code),
    day: text('day').notNull(),
    dimension: text('dimension', { enum: statisticsDimensions }).notNull(),
    /** The service point's, matter's or clerk's id as text; 'total' for the whole day. */
    groupKey: text('group_key').notNull(),
    /** Where the group's first session stands among the day's sessions (created at, id): the order of groups of equal size. */
    firstSeen: integer('first_seen').notNull(),
    sessions: integer('sessions').notNull(),
    /** Waiting times (accepted − created) in milliseconds, ascending: every value, so that medians over days are exact. */
    waitsMs: text('waits_ms', { mode: 'json' }).notNull().$type<number[]>(),
    /** Handling times (ended − accepted) in milliseconds, ascending. */
    handlingMs: text('handling_ms', { mode: 'json' }).notNull().$type<number[]>(),
    /** Ratings that count (given, not taken out by an upheld appeal), and of those 基本满意 or better. */
    ratings: integer('ratings').notNull(),
    satisfied: integer('satisfied').notNull(),
    /** Cases received from the group's sessions, and of those with a supplement notice. */
    cases: integer('cases').notNull(),
    supplemented: integer('supplemented').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionCode, t.day, t.dimension, t.groupKey] })],
);

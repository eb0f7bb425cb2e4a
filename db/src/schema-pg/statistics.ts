/** The supervisor's figures kept per day (issue 17). Mirrors ../schema/statistics.ts. */
import { integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { statisticsDimensions } from '@vwindow/signaling/protocol/values';
import { jurisdictions } from './catalog';

/** Which days' figures are current: `version` moves with each change, `computedVersion` says what the stored rows were computed at. */
export const statisticsDayMarks = pgTable(
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
export const statisticsDays = pgTable(
  'statistics_days',
  {
    jurisdictionCode: text('jurisdiction_code')
      .notNull()
      .references(() => jurisdictions.code),
    day: text('day').notNull(),
    dimension: text('dimension', { enum: statisticsDimensions }).notNull(),
    groupKey: text('group_key').notNull(),
    firstSeen: integer('first_seen').notNull(),
    sessions: integer('sessions').notNull(),
    waitsMs: jsonb('waits_ms').notNull().$type<number[]>(),
    handlingMs: jsonb('handling_ms').notNull().$type<number[]>(),
    ratings: integer('ratings').notNull(),
    satisfied: integer('satisfied').notNull(),
    cases: integer('cases').notNull(),
    supplemented: integer('supplemented').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionCode, t.day, t.dimension, t.groupKey] })],
);

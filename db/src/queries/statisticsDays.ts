/**
 * The supervisor's figures per day (schema/statistics.ts): a day is marked changed in the transaction
 * of every write that changes a fact of one of its sessions (the callers are the queries that make
 * those writes: sessions.ts, ratings.ts, cases.ts, documents.ts); the days to compute again are those
 * whose figures were computed at an older version or never; a computed day is written only if no newer
 * computation was written meanwhile; days are read back in the order of their primary key.
 */
import { and, asc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { beijingDate } from '@vwindow/signaling/cases/workingDays';
import type { StatisticsDimension } from '@vwindow/signaling/protocol/values';
import type { Db } from '../database';
import type { statisticsDayMarks, statisticsDays } from '../schema';
import { tablesOf } from '../store';
import { inTransaction } from '../transaction';

export type StatisticsDayMark = typeof statisticsDayMarks.$inferSelect;
export type StatisticsDayRow = typeof statisticsDays.$inferSelect;
/** One group's figures of a day, without the day and jurisdiction it belongs to. */
export type StatisticsDayGroup = Omit<StatisticsDayRow, 'jurisdictionCode' | 'day'>;

/** A session's statistics day: the calendar date in Beijing of its creation (the periods start at Beijing midnight). */
export function statisticsDayOf(createdAt: Date): string {
  return beijingDate(createdAt);
}

/** Rows per statement when writing many (well under either store's limit on parameters). */
const ROWS_PER_INSERT = 100;

/**
 * Marks the days of these sessions changed: one upsert moving each (jurisdiction, day)'s version.
 * Call it inside the transaction of the change, with its `tx`.
 */
export async function markStatisticsDays(tx: Db, changed: readonly { homeJurisdictionCode: string; createdAt: Date }[]): Promise<void> {
  const keys = new Map<string, { jurisdictionCode: string; day: string; version: number }>();
  for (const session of changed) {
    const day = statisticsDayOf(session.createdAt);
    keys.set(`${session.homeJurisdictionCode}|${day}`, { jurisdictionCode: session.homeJurisdictionCode, day, version: 1 });
  }
  if (keys.size === 0) return;
  const { statisticsDayMarks: marks } = tablesOf(tx);
  // In key order, so that two transactions marking the same days lock them in the same order (PostgreSQL).
  const rows = [...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  await tx
    .insert(marks)
    .values(rows)
    .onConflictDoUpdate({ target: [marks.jurisdictionCode, marks.day], set: { version: sql`${marks.version} + 1` } });
}

/** Marks the days of the sessions with these ids changed (a rating or a case of theirs changed). Inside the change's transaction. */
export async function markSessionsChanged(tx: Db, sessionIds: readonly string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  const { sessions } = tablesOf(tx);
  const rows = await tx
    .select({ homeJurisdictionCode: sessions.homeJurisdictionCode, createdAt: sessions.createdAt })
    .from(sessions)
    .where(inArray(sessions.id, [...new Set(sessionIds)]));
  await markStatisticsDays(tx, rows);
}

/** The marks of the days of `codes` from `fromDay` up to (not including) `untilDay`. */
export async function statisticsDayMarksOf(db: Db, codes: readonly string[], fromDay: string, untilDay: string): Promise<StatisticsDayMark[]> {
  if (codes.length === 0) return [];
  const { statisticsDayMarks: marks } = tablesOf(db);
  return await db
    .select()
    .from(marks)
    .where(and(inArray(marks.jurisdictionCode, [...codes]), gte(marks.day, fromDay), lt(marks.day, untilDay)));
}

/** Gives days never seen a mark (version 0, not computed); days that have one keep it. */
export async function openStatisticsDays(db: Db, days: readonly { jurisdictionCode: string; day: string }[]): Promise<void> {
  const { statisticsDayMarks: marks } = tablesOf(db);
  for (let i = 0; i < days.length; i += ROWS_PER_INSERT) {
    await db.insert(marks).values(days.slice(i, i + ROWS_PER_INSERT).map((d) => ({ jurisdictionCode: d.jurisdictionCode, day: d.day, version: 0 }))).onConflictDoNothing();
  }
}

/**
 * Replaces a day's figures with `groups`, computed from its facts as they were at `version` (read
 * from its mark before the facts). One transaction: written only if the day's stored figures are of
 * an older version or none (a concurrent computation from newer facts wins). Returns whether written.
 */
export async function writeStatisticsDay(db: Db, jurisdictionCode: string, day: string, version: number, groups: readonly StatisticsDayGroup[]): Promise<boolean> {
  return await inTransaction(db, async (tx) => {
    const { statisticsDayMarks: marks, statisticsDays: days } = tablesOf(tx);
    const claimed = await tx
      .update(marks)
      .set({ computedVersion: version })
      .where(and(eq(marks.jurisdictionCode, jurisdictionCode), eq(marks.day, day), or(isNull(marks.computedVersion), lt(marks.computedVersion, version))))
      .returning({ day: marks.day });
    if (claimed.length === 0) return false;
    await tx.delete(days).where(and(eq(days.jurisdictionCode, jurisdictionCode), eq(days.day, day)));
    for (let i = 0; i < groups.length; i += ROWS_PER_INSERT) {
      await tx.insert(days).values(groups.slice(i, i + ROWS_PER_INSERT).map((group) => ({ ...group, jurisdictionCode, day })));
    }
    return true;
  });
}

/** The position after which the next chunk of a jurisdiction's day rows starts. */
export type StatisticsDayCursor = readonly [day: string, dimension: StatisticsDimension, groupKey: string];

/**
 * One jurisdiction's stored figures from `fromDay` up to (not including) `untilDay`, a chunk at a
 * time: up to `limit` rows after `after`, in primary key order (a range of the key, no sort).
 */
export async function statisticsDayRowsChunk(db: Db, jurisdictionCode: string, fromDay: string, untilDay: string, after: StatisticsDayCursor | null, limit: number): Promise<StatisticsDayRow[]> {
  const { statisticsDays: days } = tablesOf(db);
  const where = [eq(days.jurisdictionCode, jurisdictionCode), gte(days.day, fromDay), lt(days.day, untilDay)];
  if (after) where.push(sql`(${days.day}, ${days.dimension}, ${days.groupKey}) > (${after[0]}, ${after[1]}, ${after[2]})`);
  return await db
    .select()
    .from(days)
    .where(and(...where))
    .orderBy(asc(days.day), asc(days.dimension), asc(days.groupKey))
    .limit(limit);
}

/** The names the figures' groups are shown under: service points, matters and clerks by id. */
export async function statisticsGroupNames(
  db: Db,
  ids: { servicePoints: readonly number[]; matters: readonly number[]; clerks: readonly number[] },
): Promise<{ servicePoints: Map<number, string>; matters: Map<number, string>; clerks: Map<number, string> }> {
  const { matters, servicePoints, staff } = tablesOf(db);
  const pointRows = ids.servicePoints.length === 0 ? [] : await db.select({ id: servicePoints.id, name: servicePoints.name }).from(servicePoints).where(inArray(servicePoints.id, [...ids.servicePoints]));
  const matterRows = ids.matters.length === 0 ? [] : await db.select({ id: matters.id, name: matters.name }).from(matters).where(inArray(matters.id, [...ids.matters]));
  const clerkRows = ids.clerks.length === 0 ? [] : await db.select({ id: staff.id, name: staff.displayName }).from(staff).where(inArray(staff.id, [...ids.clerks]));
  const byId = (rows: { id: number; name: string }[]) => new Map(rows.map((row) => [row.id, row.name]));
  return { servicePoints: byId(pointRows), matters: byId(matterRows), clerks: byId(clerkRows) };
}

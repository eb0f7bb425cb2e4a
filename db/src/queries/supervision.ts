/** Read models for the supervisor: sessions with their ratings over a period, and what is live now. */
import { and, asc, count, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../database';
import { connectionOf } from '../transaction';
import { asPgDb, isPostgres, perStore, tablesOf } from '../store';

const aliases = perStore(({ servicePoints, staff }) => ({
  localPoint: alias(servicePoints, 'sv_local_point'),
  homePoint: alias(servicePoints, 'sv_home_point'),
  homeClerk: alias(staff, 'sv_home_clerk'),
}));

const statisticsFacts = perStore((t) => {
  const { caseNotices, cases, matters, ratings, sessions } = t;
  const { localPoint, homeClerk } = aliases.of(t);
  return {
    id: sessions.id,
    status: sessions.status,
    createdAt: sessions.createdAt,
    acceptedAt: sessions.acceptedAt,
    endedAt: sessions.endedAt,
    homeJurisdictionCode: sessions.homeJurisdictionCode,
    matterId: matters.id,
    matterName: matters.name,
    localServicePointId: localPoint.id,
    localServicePointName: localPoint.name,
    homeClerkId: homeClerk.id,
    homeClerkName: homeClerk.displayName,
    ratingLevel: ratings.level,
    ratingExcluded: ratings.excludedFromStats,
    /** The case received from the session, if any, and whether a 补正 was asked for it (a supplement notice; EXISTS cast for PostgreSQL, where it is a boolean). */
    caseId: cases.id,
    supplemented: sql<number>`(CASE WHEN ${cases.id} IS NULL THEN 0 ELSE CAST(EXISTS (SELECT 1 FROM ${caseNotices} WHERE ${caseNotices.caseId} = ${cases.id} AND ${caseNotices.kind} = 'supplement') AS INTEGER) END)`.mapWith(Number),
  };
});

function statisticsSelect(db: Db) {
  const { cases, matters, ratings, sessions } = tablesOf(db);
  const { localPoint, homeClerk } = aliases(db);
  return db
    .select(statisticsFacts(db))
    .from(sessions)
    .innerJoin(matters, eq(matters.id, sessions.matterId))
    .innerJoin(localPoint, eq(localPoint.id, sessions.localServicePointId))
    .leftJoin(homeClerk, eq(homeClerk.id, sessions.homeClerkId))
    .leftJoin(ratings, eq(ratings.sessionId, sessions.id))
    .leftJoin(cases, eq(cases.sessionId, sessions.id));
}

/** Sessions of the given home jurisdictions created since `since`, with names and rating, in one read. */
export async function sessionsForStatistics(db: Db, jurisdictionCodes: string[], since: Date) {
  const { sessions } = tablesOf(db);
  if (jurisdictionCodes.length === 0) return [];
  return await statisticsSelect(db)
    .where(and(inArray(sessions.homeJurisdictionCode, jurisdictionCodes), gte(sessions.createdAt, since)));
}
export type StatisticsFact = Awaited<ReturnType<typeof sessionsForStatistics>>[number];

/**
 * The same facts for one home jurisdiction, a chunk at a time: up to `limit` sessions created since
 * `since` (and before `until`, if given) and after `after` (created at, id), oldest first. A range of
 * sessions_jurisdiction_created_idx, so a caller can read a long period in short steps and let other
 * work run between them.
 */
export async function statisticsFactsChunk(db: Db, jurisdictionCode: string, since: Date, after: readonly [number, string] | null, limit: number, until?: Date): Promise<StatisticsFact[]> {
  const { sessions } = tablesOf(db);
  const where = [eq(sessions.homeJurisdictionCode, jurisdictionCode), gte(sessions.createdAt, since)];
  if (until) where.push(lt(sessions.createdAt, until));
  if (after) where.push(sql`(${sessions.createdAt}, ${sessions.id}) > (${sql.param(new Date(after[0]), sessions.createdAt)}, ${after[1]})`);
  return await statisticsSelect(db)
    .where(and(...where))
    .orderBy(asc(sessions.createdAt), asc(sessions.id))
    .limit(limit);
}

/**
 * A mark that changes whenever anything in the database changes; equal marks mean nothing was written
 * between. SQLite: data_version (commits by other connections) and this connection's total_changes().
 * PostgreSQL: the server's current snapshot (xmin:xmax:running transactions), which moves whenever a
 * transaction that wrote begins or ends anywhere on the server (read-only ones take no transaction id):
 * a write committed between two marks either took its id after the first (xmax moved) or was running
 * at the first (it left the running list). A change elsewhere on the server only costs a recomputation.
 */
export async function databaseChangeMark(db: Db): Promise<string> {
  if (isPostgres(db)) {
    const result = await asPgDb(db).execute<{ mark: string }>(sql`SELECT pg_current_snapshot()::text AS mark`);
    return `pg:${result.rows[0]!.mark}`;
  }
  const row = connectionOf(db).prepare('SELECT (SELECT data_version FROM pragma_data_version) AS version, total_changes() AS changes').get() as { version: number; changes: number };
  return `${row.version}:${row.changes}`;
}

/** Waiting and active sessions of the given home jurisdictions, now. */
export async function liveSessions(db: Db, jurisdictionCodes: string[]) {
  const { jurisdictions, matters, sessions } = tablesOf(db);
  const { localPoint, homePoint, homeClerk } = aliases(db);
  if (jurisdictionCodes.length === 0) return [];
  return await db
    .select({
      id: sessions.id,
      status: sessions.status,
      createdAt: sessions.createdAt,
      acceptedAt: sessions.acceptedAt,
      homeJurisdictionCode: sessions.homeJurisdictionCode,
      homeJurisdictionName: jurisdictions.name,
      matterName: matters.name,
      localServicePointId: localPoint.id,
      localServicePointName: localPoint.name,
      homeServicePointName: homePoint.name,
      homeClerkName: homeClerk.displayName,
    })
    .from(sessions)
    .innerJoin(jurisdictions, eq(jurisdictions.code, sessions.homeJurisdictionCode))
    .innerJoin(matters, eq(matters.id, sessions.matterId))
    .innerJoin(localPoint, eq(localPoint.id, sessions.localServicePointId))
    .leftJoin(homePoint, eq(homePoint.id, sessions.homeServicePointId))
    .leftJoin(homeClerk, eq(homeClerk.id, sessions.homeClerkId))
    .where(and(inArray(sessions.homeJurisdictionCode, jurisdictionCodes), inArray(sessions.status, ['waiting', 'active'])));
}

/** Sessions created since `since`, counted per home jurisdiction and status. */
export async function sessionCountsSince(db: Db, jurisdictionCodes: string[], since: Date) {
  const { sessions } = tablesOf(db);
  if (jurisdictionCodes.length === 0) return [];
  return await db
    .select({ code: sessions.homeJurisdictionCode, status: sessions.status, sessions: count() })
    .from(sessions)
    .where(and(inArray(sessions.homeJurisdictionCode, jurisdictionCodes), gte(sessions.createdAt, since)))
    .groupBy(sessions.homeJurisdictionCode, sessions.status);
}

/** Read models for the supervisor: sessions with their ratings over a period, and what is live now. */
import { and, asc, count, eq, gte, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../database';
import { connectionOf } from '../transaction';
import { caseNotices, cases, jurisdictions, matters, ratings, servicePoints, sessions, staff } from '../schema';

const localPoint = alias(servicePoints, 'sv_local_point');
const homePoint = alias(servicePoints, 'sv_home_point');
const homeClerk = alias(staff, 'sv_home_clerk');

const statisticsFacts = {
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
  /** The case received from the session, if any, and whether a 补正 was asked for it (a supplement notice). */
  caseId: cases.id,
  supplemented: sql<number>`(CASE WHEN ${cases.id} IS NULL THEN 0 ELSE EXISTS (SELECT 1 FROM ${caseNotices} WHERE ${caseNotices.caseId} = ${cases.id} AND ${caseNotices.kind} = 'supplement') END)`.mapWith(Number),
};

function statisticsSelect(db: Db) {
  return db
    .select(statisticsFacts)
    .from(sessions)
    .innerJoin(matters, eq(matters.id, sessions.matterId))
    .innerJoin(localPoint, eq(localPoint.id, sessions.localServicePointId))
    .leftJoin(homeClerk, eq(homeClerk.id, sessions.homeClerkId))
    .leftJoin(ratings, eq(ratings.sessionId, sessions.id))
    .leftJoin(cases, eq(cases.sessionId, sessions.id));
}

/** Sessions of the given home jurisdictions created since `since`, with names and rating, in one read. */
export async function sessionsForStatistics(db: Db, jurisdictionCodes: string[], since: Date) {
  if (jurisdictionCodes.length === 0) return [];
  return await statisticsSelect(db)
    .where(and(inArray(sessions.homeJurisdictionCode, jurisdictionCodes), gte(sessions.createdAt, since)));
}
export type StatisticsFact = Awaited<ReturnType<typeof sessionsForStatistics>>[number];

/**
 * The same facts for one home jurisdiction, a chunk at a time: up to `limit` sessions created since
 * `since` and after `after` (created at, id), oldest first. A range of sessions_jurisdiction_created_idx,
 * so a caller can read a long period in short steps and let other work run between them.
 */
export async function statisticsFactsChunk(db: Db, jurisdictionCode: string, since: Date, after: readonly [number, string] | null, limit: number): Promise<StatisticsFact[]> {
  const where = [eq(sessions.homeJurisdictionCode, jurisdictionCode), gte(sessions.createdAt, since)];
  if (after) where.push(sql`(${sessions.createdAt}, ${sessions.id}) > (${after[0]}, ${after[1]})`);
  return await statisticsSelect(db)
    .where(and(...where))
    .orderBy(asc(sessions.createdAt), asc(sessions.id))
    .limit(limit);
}

/**
 * A number that changes whenever anything in the database changes: data_version (commits by other
 * connections) and this connection's total_changes(). Equal numbers mean nothing was written between.
 */
export function databaseChangeMark(db: Db): string {
  const row = connectionOf(db).prepare('SELECT (SELECT data_version FROM pragma_data_version) AS version, total_changes() AS changes').get() as { version: number; changes: number };
  return `${row.version}:${row.changes}`;
}

/** Waiting and active sessions of the given home jurisdictions, now. */
export async function liveSessions(db: Db, jurisdictionCodes: string[]) {
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
  if (jurisdictionCodes.length === 0) return [];
  return await db
    .select({ code: sessions.homeJurisdictionCode, status: sessions.status, sessions: count() })
    .from(sessions)
    .where(and(inArray(sessions.homeJurisdictionCode, jurisdictionCodes), gte(sessions.createdAt, since)))
    .groupBy(sessions.homeJurisdictionCode, sessions.status);
}

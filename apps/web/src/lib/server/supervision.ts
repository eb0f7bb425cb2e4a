/** What a supervisor watches: today's sessions per jurisdiction under their own. */
import { and, asc, count, eq, gte, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '@vwindow/db';
import { jurisdictions, matters, servicePoints, sessions, type SessionStatus } from '@vwindow/db/schema';

export interface SessionCounts {
  waiting: number;
  active: number;
  /** Every session started today, whatever its status now. */
  total: number;
}

/** Counts of the sessions created since `since`, per home jurisdiction; every code gets a row. */
export function sessionCountsSince(db: Db, jurisdictionCodes: string[], since: Date): Map<string, SessionCounts> {
  const counts = new Map<string, SessionCounts>(
    jurisdictionCodes.map((code) => [code, { waiting: 0, active: 0, total: 0 }]),
  );
  if (jurisdictionCodes.length === 0) return counts;
  const rows = db
    .select({ code: sessions.homeJurisdictionCode, status: sessions.status, sessions: count() })
    .from(sessions)
    .where(and(inArray(sessions.homeJurisdictionCode, jurisdictionCodes), gte(sessions.createdAt, since)))
    .groupBy(sessions.homeJurisdictionCode, sessions.status)
    .all();
  for (const row of rows) {
    const entry = counts.get(row.code);
    if (!entry) continue;
    entry.total += row.sessions;
    const status: SessionStatus = row.status;
    if (status === 'waiting') entry.waiting += row.sessions;
    if (status === 'active') entry.active += row.sessions;
  }
  return counts;
}

export interface ActiveSession {
  id: string;
  matterName: string;
  homeJurisdictionName: string;
  localServicePointName: string;
  homeServicePointName: string | null;
  acceptedAt: Date | null;
}

const localPoint = alias(servicePoints, 'local_point');
const homePoint = alias(servicePoints, 'home_point');

/** The sessions in progress whose home jurisdiction is one of `jurisdictionCodes`, longest running first. */
export function activeSessionsIn(db: Db, jurisdictionCodes: string[]): ActiveSession[] {
  if (jurisdictionCodes.length === 0) return [];
  return db
    .select({
      id: sessions.id,
      matterName: matters.name,
      homeJurisdictionName: jurisdictions.name,
      localServicePointName: localPoint.name,
      homeServicePointName: homePoint.name,
      acceptedAt: sessions.acceptedAt,
    })
    .from(sessions)
    .innerJoin(matters, eq(matters.id, sessions.matterId))
    .innerJoin(jurisdictions, eq(jurisdictions.code, sessions.homeJurisdictionCode))
    .innerJoin(localPoint, eq(localPoint.id, sessions.localServicePointId))
    .leftJoin(homePoint, eq(homePoint.id, sessions.homeServicePointId))
    .where(and(eq(sessions.status, 'active'), inArray(sessions.homeJurisdictionCode, jurisdictionCodes)))
    .orderBy(asc(sessions.acceptedAt), asc(sessions.id))
    .all();
}

/** What a supervisor watches: today's sessions per jurisdiction under their own. */
import { and, count, gte, inArray } from 'drizzle-orm';
import { liveSessions, type Db } from '@vwindow/db';
import { sessions, type SessionStatus } from '@vwindow/db/schema';

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

/** The sessions in progress whose home jurisdiction is one of `jurisdictionCodes`, longest running first. */
export function activeSessionsIn(db: Db, jurisdictionCodes: string[]): ActiveSession[] {
  return liveSessions(db, jurisdictionCodes)
    .filter((session) => session.status === 'active')
    .sort((a, b) => (a.acceptedAt?.getTime() ?? 0) - (b.acceptedAt?.getTime() ?? 0) || a.id.localeCompare(b.id))
    .map(({ id, matterName, homeJurisdictionName, localServicePointName, homeServicePointName, acceptedAt }) => ({
      id,
      matterName,
      homeJurisdictionName,
      localServicePointName,
      homeServicePointName,
      acceptedAt,
    }));
}

/** What a supervisor watches: today's sessions per jurisdiction under their own. */
import { and, count, gte, inArray } from 'drizzle-orm';
import type { Db } from '@vwindow/db';
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

/**
 * A clerk's own sessions, newest first, for the list on their console: those a local clerk started
 * ("我的视频会话") and those a home clerk accepted ("我受理的视频会话"), from which an active one can be
 * opened again.
 */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '@vwindow/db';
import { jurisdictions, matters, servicePoints, sessions, type SessionStatus } from '@vwindow/db/schema';

export interface ClerkSession {
  id: string;
  status: SessionStatus;
  matterName: string;
  matterCode: string;
  homeJurisdictionName: string;
  /** Where the session was started (the local window's service point). */
  originServicePointName: string;
  createdAt: Date;
}

/** The latest `limit` sessions `staffId` started (`side` 'local') or accepted ('home'). */
export function recentSessionsOf(db: Db, staffId: number, side: 'local' | 'home', limit = 20): ClerkSession[] {
  return db
    .select({
      id: sessions.id,
      status: sessions.status,
      matterName: matters.name,
      matterCode: matters.code,
      homeJurisdictionName: jurisdictions.name,
      originServicePointName: servicePoints.name,
      createdAt: sessions.createdAt,
    })
    .from(sessions)
    .innerJoin(matters, eq(matters.id, sessions.matterId))
    .innerJoin(jurisdictions, eq(jurisdictions.code, sessions.homeJurisdictionCode))
    .innerJoin(servicePoints, eq(servicePoints.id, sessions.localServicePointId))
    .where(eq(side === 'local' ? sessions.localClerkId : sessions.homeClerkId, staffId))
    .orderBy(desc(sessions.createdAt), desc(sessions.id))
    .limit(limit)
    .all();
}

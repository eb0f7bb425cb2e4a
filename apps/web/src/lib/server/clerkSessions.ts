/** The sessions a local clerk started, newest first, for the "我的视频会话" list of the local console. */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '@vwindow/db';
import { jurisdictions, matters, sessions, type SessionStatus } from '@vwindow/db/schema';

export interface ClerkSession {
  id: string;
  status: SessionStatus;
  matterName: string;
  matterCode: string;
  homeJurisdictionName: string;
  createdAt: Date;
}

export function recentSessionsStartedBy(db: Db, staffId: number, limit = 20): ClerkSession[] {
  return db
    .select({
      id: sessions.id,
      status: sessions.status,
      matterName: matters.name,
      matterCode: matters.code,
      homeJurisdictionName: jurisdictions.name,
      createdAt: sessions.createdAt,
    })
    .from(sessions)
    .innerJoin(matters, eq(matters.id, sessions.matterId))
    .innerJoin(jurisdictions, eq(jurisdictions.code, sessions.homeJurisdictionCode))
    .where(eq(sessions.localClerkId, staffId))
    .orderBy(desc(sessions.createdAt), desc(sessions.id))
    .limit(limit)
    .all();
}

/** What the recorders' row tests (recordingRows.test.ts, recordingRows.pg.test.ts) write: a session and its segments. */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { insertSession, tablesOf, type Db, type NewRecording } from '@vwindow/db';

/** A waiting session of pinghu.local's (the demo data) with id `sessionId`. */
export async function insertRecordedSession(db: Db, sessionId: string): Promise<void> {
  const { staff } = tablesOf(db);
  const [clerk] = await db.select().from(staff).where(eq(staff.username, 'pinghu.local'));
  if (!clerk?.servicePointId) throw new Error('the demo data has no pinghu.local');
  await insertSession(db, {
    id: sessionId,
    matterId: 1,
    homeJurisdictionCode: '330482',
    localServicePointId: clerk.servicePointId,
    localClerkId: clerk.id,
    citizenName: '测试',
    citizenIdNumber: '330482199001011234',
    citizenPhone: '13800000000',
    createdAt: new Date(),
  });
}

/** The `n`-th 2 s segment of the session's home camera. */
export function segmentRow(sessionId: string, n: number, id: string = randomUUID()): NewRecording {
  return {
    id,
    sessionId,
    entry: 'segment',
    track: 'home-camera-video-t0',
    side: 'home',
    source: 'camera',
    mediaKind: 'video',
    file: `home-camera-video-t0-r0-${String(n).padStart(5, '0')}.webm`,
    startedAt: new Date(1_700_000_000_000 + n * 2000),
    endedAt: new Date(1_700_000_002_000 + n * 2000),
    bytes: 1000 + n,
    sha256: 'a'.repeat(64),
  };
}

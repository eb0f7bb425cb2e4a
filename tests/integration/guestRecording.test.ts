/**
 * A guest's (第三方) tracks are recorded with the session like the clerks': a guest producer on the
 * session's router (a real RTP source, as in recording.test.ts) gives finished segments whose rows
 * say side 'guest' and carry no staff id (a guest's peer id is negative, not a staff member), and the
 * segments are in the audit chain, which verifies.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingsOfSession } from '@vwindow/db';
import { matters } from '../support/tables';
import type { Room } from '../../signaling/src/rooms/Room';
import { activeSession, call, type Clerks } from '../support/sessionSteps';
import { syntheticSource, type SyntheticSource } from '../support/syntheticMedia';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';
import { testRecorderPorts } from '../support/testPorts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('recording a guest', () => {
  let server: TestServer;
  let clerks: Clerks;
  let source: SyntheticSource | undefined;

  beforeAll(async () => {
    server = await startTestServer({ VWINDOW_RECORDING_SEGMENT_SECONDS: '3', VWINDOW_RECORDER_PORTS: testRecorderPorts() });
    clerks = { url: server.url, local: await signInCookie(server, 'lianshui.local'), home: await signInCookie(server, 'pinghu.home') };
  });
  afterAll(async () => {
    source?.stop();
    await server?.dispose();
  });

  it('records a guest’s camera and microphone as side guest, without a staff id', { timeout: 60_000 }, async () => {
    const db = server.services.database.db;
    const matter = (await db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!;
    const session = await activeSession(clerks, matter.id);
    let room: Room | undefined;
    for (let i = 0; i < 100 && !room; i++) {
      room = server.services.rooms.room(session.id);
      if (!room) await sleep(100);
    }
    source = await syntheticSource(room!.router);
    room!.emit('producerAdded', { id: source.video.id, kind: 'video', source: 'camera', side: 'guest', staffId: -1 });
    room!.emit('producerAdded', { id: source.audio.id, kind: 'audio', source: 'microphone', side: 'guest', staffId: -1 });
    await sleep(8_000);
    expect((await call(server.url, clerks.home, 'POST', `/sessions/${session.id}/end`)).status).toBe(200);
    await server.services.recording.idle();
    const rows = (await recordingsOfSession(db, session.id)).filter((row) => row.entry === 'segment');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(new Set(rows.map((row) => `${row.side} ${row.source} ${row.staffId}`))).toEqual(new Set(['guest camera null', 'guest microphone null']));
    const verify = await call<{ audit: { ok: boolean } }>(server.url, await signInCookie(server, 'admin'), 'GET', '/audit/verify');
    expect(verify.body.audit.ok).toBe(true);
  });
});

/**
 * 录音录像 through the real worker and real FFmpeg: a session's room gets a camera and a microphone
 * from a real RTP source (FFmpeg encoding SMPTE bars in VP8 and a tone in Opus into PlainTransport
 * producers on the session's router, announced through the room's recording tap), is recorded for
 * ~20 s with the recorder killed mid-call, and ended. The segments must play (ffprobe, ffmpeg decode),
 * cover the call within 1 s (with the gap recorded as such), show the pattern, and be in the audit
 * chain so that changing or removing one fails the check.
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingsOfSession } from '@vwindow/db';
import { auditLog, followUps, matters, ratings, staff } from '../support/tables';
import type { Room } from '../../signaling/src/rooms/Room';
import { RecordingLibrary } from '../../signaling/src/recording/RecordingLibrary';
import { startTestServer, signInCookie, type TestServer } from '../support/testServer';
import { activeSession, call, type Clerks } from '../support/sessionSteps';
import { syntheticSource, PATTERN, type SyntheticSource } from '../support/syntheticMedia';
import { decodeErrors, frameLuma, probe, psnrAgainst } from '../support/mediaFiles';
import type { AuditChainVerdict, SessionRecordingView } from '../../signaling/src/protocol';
import { testRecorderPorts } from '../support/testPorts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(100);
  }
}

describe('recording', () => {
  let server: TestServer;
  let clerks: Clerks;
  let supervisor: string;
  let source: SyntheticSource | undefined;
  /** The session recorded by the first test, for the access tests after it. */
  let recordedSessionId: string | undefined;

  beforeAll(async () => {
    server = await startTestServer({ VWINDOW_RECORDING_SEGMENT_SECONDS: '5', VWINDOW_RECORDER_PORTS: testRecorderPorts() });
    const [local, home] = await Promise.all([signInCookie(server, 'lianshui.local'), signInCookie(server, 'pinghu.home')]);
    supervisor = await signInCookie(server, 'pinghu.supervisor');
    clerks = { url: server.url, local, home };
  });
  afterAll(async () => {
    source?.stop();
    await server?.dispose();
  });

  it('records a ~20 s call into playable segments that survive a killed recorder, hashed into the audit chain', { timeout: 150_000 }, async () => {
    const db = server.services.database.db;
    const matter = (await db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!;
    const localClerk = (await db.select().from(staff).where(eq(staff.username, 'lianshui.local')))[0]!;
    const session = await activeSession(clerks, matter.id);
    const room = await until(() => server.services.rooms.room(session.id) as Room | undefined);
    source = await syntheticSource(room.router);
    // The call starts when both producers receive media (the source's encoders take a moment to start).
    const flowing = async (producer: SyntheticSource['video']) => ((await producer.getStats()).some((stat) => stat.byteCount > 0) ? true : undefined);
    await until(async () => ((await flowing(source!.video)) && (await flowing(source!.audio))) || undefined);
    const callStarted = Date.now();
    room.emit('producerAdded', { id: source.video.id, kind: 'video', source: 'camera', side: 'local', staffId: localClerk.id });
    room.emit('producerAdded', { id: source.audio.id, kind: 'audio', source: 'microphone', side: 'local', staffId: localClerk.id });

    // Mid-call — once the first video segment is finished and hashed — the video recorder is killed as a
    // crash would: it is restarted and the gap recorded. Waits are on conditions (the machine may be
    // loaded), bounded; the call then goes on until it has lasted ~20 s and the restarted run has written.
    const segmentsOf = async (kind: string) => (await recordingsOfSession(db, session.id)).filter((row) => row.entry === 'segment' && row.mediaKind === kind);
    await until(async () => ((await segmentsOf('video')).length > 0 ? true : undefined), 30_000);
    const recorder = server.services.recording.recorderOf(session.id);
    expect(recorder).toBeDefined();
    const videoTrack = (await recorder!.trackRecorders()).find((track) => track.consumer.kind === 'video');
    const killedPid = videoTrack?.pid;
    expect(killedPid).toBeDefined();
    process.kill(killedPid!, 'SIGKILL');
    await until(() => (videoTrack!.pid !== undefined && videoTrack!.pid !== killedPid ? true : undefined), 15_000);
    await until(async () => ((await recordingsOfSession(db, session.id)).some((row) => row.entry === 'gap') ? true : undefined), 15_000);
    const restartedFile = () => readdirSync(server.services.recording.sessionDir(session.id)).some((name) => /-video-t\d+-r1-\d{5}\.webm$/.test(name));
    await until(() => (restartedFile() && Date.now() - callStarted >= 20_000 ? true : undefined), 40_000);

    const ended = await call(server.url, clerks.home, 'POST', `/sessions/${session.id}/end`, {});
    expect(ended.status).toBe(200);
    const callEnded = Date.now();
    await server.services.recording.idle();
    source.stop();
    source = undefined;

    recordedSessionId = session.id;
    const rows = await recordingsOfSession(db, session.id);
    const dir = server.services.recording.sessionDir(session.id);
    const video = rows.filter((row) => row.mediaKind === 'video' && row.entry === 'segment');
    const audio = rows.filter((row) => row.mediaKind === 'audio' && row.entry === 'segment');
    const gaps = rows.filter((row) => row.entry === 'gap');
    console.log(rows.map((row) => `${row.entry} ${row.track} ${row.file ?? ''} ${row.startedAt.getTime() - callStarted}..${row.endedAt.getTime() - callStarted}`).join('\n'));
    expect(gaps.map((gap) => [gap.mediaKind, gap.gapReason])).toEqual([['video', 'recorder_restarted']]);
    expect(video.some((row) => row.file!.includes('-r0-')) && video.some((row) => row.file!.includes('-r1-'))).toBe(true);

    // Every file plays: the expected stream, decoded without complaint, duration as recorded.
    let videoSeconds = 0;
    for (const row of [...video, ...audio]) {
      const path = join(dir, row.file!);
      const probed = await probe(path);
      expect(probed.codecs).toEqual([row.mediaKind === 'video' ? 'vp8' : 'opus']);
      expect(await decodeErrors(path)).toBe('');
      expect(Math.abs(probed.duration - (row.endedAt.getTime() - row.startedAt.getTime()) / 1000)).toBeLessThan(0.5);
      if (row.mediaKind === 'video') videoSeconds += probed.duration;
    }
    // Recording starts as soon as the recorder listens (its start-up under load is the delay), then
    // covers the call to its end: the files (and the gap) add up to the time recorded, within 1 s.
    const gapSeconds = gaps.reduce((sum, gap) => sum + (gap.endedAt.getTime() - gap.startedAt.getTime()) / 1000, 0);
    const audioSeconds = audio.reduce((sum, row) => sum + (row.endedAt.getTime() - row.startedAt.getTime()) / 1000, 0);
    const startDelays = [video[0]!.startedAt.getTime() - callStarted, audio[0]!.startedAt.getTime() - callStarted];
    console.log(`recording: started ${startDelays.join(' / ')} ms after the media (video / audio), ${videoSeconds.toFixed(2)} s video + ${gapSeconds.toFixed(2)} s gap, ${audioSeconds.toFixed(2)} s audio, call ${((callEnded - callStarted) / 1000).toFixed(2)} s`);
    for (const delay of startDelays) expect(delay).toBeLessThan(5000);
    expect(Math.abs(videoSeconds + gapSeconds - (callEnded - video[0]!.startedAt.getTime()) / 1000)).toBeLessThan(1);
    expect(Math.abs(audioSeconds - (callEnded - audio[0]!.startedAt.getTime()) / 1000)).toBeLessThan(1);
    expect(Math.abs(video.at(-1)!.endedAt.getTime() - callEnded)).toBeLessThan(1000);
    expect(Math.abs(audio.at(-1)!.endedAt.getTime() - callEnded)).toBeLessThan(1000);

    // The picture is the source's: not black, and the SMPTE bars (PSNR against the pattern itself).
    const first = join(dir, video[0]!.file!);
    expect(await frameLuma(first, join(server.dataDir, 'frame.png'))).toBeGreaterThan(40);
    expect(await psnrAgainst(first, PATTERN)).toBeGreaterThan(25);

    // Each segment's sha256 is in the audit chain: the check holds, then fails when one changes or goes.
    const verify = async () => (await call<{ audit: AuditChainVerdict }>(server.url, supervisor, 'GET', '/audit/verify')).body.audit;
    expect(await verify()).toMatchObject({ ok: true, recordingSegments: video.length + audio.length });
    const victim = join(dir, video[1]!.file!);
    copyFileSync(victim, `${victim}.keep`);
    appendFileSync(victim, Buffer.from([0]));
    expect(await verify()).toMatchObject({ ok: false, recording: { problem: 'changed', id: video[1]!.id } });
    renameSync(`${victim}.keep`, victim);
    expect((await verify()).ok).toBe(true);
    renameSync(victim, `${victim}.moved`);
    expect(await verify()).toMatchObject({ ok: false, recording: { problem: 'missing' } });
    renameSync(`${victim}.moved`, victim);
  });

  it('serves the recording only to those who may see the session, with range requests', { timeout: 60_000 }, async () => {
    expect(recordedSessionId).toBeDefined();
    const sessionId = recordedSessionId!;
    type View = { recording: SessionRecordingView };
    const [otherLocal, otherHome, otherJurisdiction] = await Promise.all([signInCookie(server, 'taizhou.local'), signInCookie(server, 'pinghu.home2'), signInCookie(server, 'huaibei.home')]);

    const asHome = await call<View>(server.url, clerks.home, 'GET', `/sessions/${sessionId}/recording`);
    expect(asHome.status).toBe(200);
    const { entries, marks } = asHome.body.recording;
    expect(marks.map((mark) => mark.kind)).toEqual(expect.arrayContaining(['call_started', 'call_ended']));
    const segment = entries.find((entry) => entry.entry === 'segment' && entry.mediaKind === 'video')!;
    expect((await call<View>(server.url, supervisor, 'GET', `/sessions/${sessionId}/recording`)).status).toBe(200);
    for (const cookie of [otherLocal, otherHome, otherJurisdiction]) {
      expect((await call(server.url, cookie, 'GET', `/sessions/${sessionId}/recording`)).status).toBe(403);
      expect((await fetch(`${server.url}${segment.url!}`, { headers: { cookie } })).status).toBe(403);
    }
    const refusals = await call<{ entries: { action: string }[] }>(server.url, await signInCookie(server, 'admin'), 'GET', `/admin/audit?entityId=${segment.id}`);
    expect(refusals.body.entries.filter((entry) => entry.action === 'recording.read_refused')).toHaveLength(3);

    const whole = await fetch(`${server.url}${segment.url!}`, { headers: { cookie: clerks.home } });
    expect(whole.status).toBe(200);
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.length).toBe(segment.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(segment.sha256);

    const part = await fetch(`${server.url}${segment.url!}`, { headers: { cookie: clerks.home, range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${segment.bytes}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
    const beyond = await fetch(`${server.url}${segment.url!}`, { headers: { cookie: clerks.home, range: `bytes=${segment.bytes}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${segment.bytes}`);
    expect(((await beyond.json()) as { error: { code: string } }).error.code).toBe('RANGE_NOT_SATISFIABLE');
    for (const range of [`bytes=${segment.bytes! + 100}-${segment.bytes! + 200}`, 'bytes=-0', 'bytes=abc']) {
      const refusedRange = await fetch(`${server.url}${segment.url!}`, { headers: { cookie: clerks.home, range } });
      expect([range, refusedRange.status]).toEqual([range, 416]);
    }
    // A recording of another jurisdiction: refused to that jurisdiction's supervisor too (view, file, purge).
    const otherSupervisor = await signInCookie(server, 'jiangsu.supervisor');
    expect((await call(server.url, otherSupervisor, 'GET', `/sessions/${sessionId}/recording`)).status).toBe(403);
    expect((await fetch(`${server.url}${segment.url!}`, { headers: { cookie: otherSupervisor } })).status).toBe(403);
    const foreignPurge = await call<{ error: { code: string } }>(server.url, otherSupervisor, 'POST', `/recordings/${segment.id}/purge`);
    expect([foreignPurge.status, foreignPurge.body.error.code]).toEqual([403, 'FORBIDDEN']);
    // Nothing changed by any of it: the file has its audited sha256, the chain holds.
    const again = Buffer.from(await (await fetch(`${server.url}${segment.url!}`, { headers: { cookie: clerks.home } })).arrayBuffer());
    expect(createHash('sha256').update(again).digest('hex')).toBe(segment.sha256);
    expect((await call<{ audit: AuditChainVerdict }>(server.url, supervisor, 'GET', '/audit/verify')).body.audit.ok).toBe(true);
    expect((await fetch(`${server.url}/api/recordings/${randomUUID()}/file`, { headers: { cookie: clerks.home } })).status).toBe(404);
  });

  it('purges by retention with an audit row per file, never a recording under an open follow-up', { timeout: 60_000 }, async () => {
    expect(recordedSessionId).toBeDefined();
    const sessionId = recordedSessionId!;
    const db = server.services.database.db;
    const dir = server.services.recording.sessionDir(sessionId);
    const segments = (await recordingsOfSession(db, sessionId)).filter((row) => row.entry === 'segment');
    const first = segments[0]!;

    // A bad rating's follow-up is open on the session: the supervisor's purge is refused, nothing changes.
    // (The rating opened when the session ended, here given as 非常不满意.)
    const rating = (await db.update(ratings).set({ level: 1, ratedAt: new Date() }).where(eq(ratings.sessionId, sessionId)).returning())[0]!;
    const followUp = (await db.insert(followUps).values({ ratingId: rating.id, jurisdictionCode: '330482', deadline: '2099-01-01' }).returning())[0]!;
    const refusedPurge = await call<{ error: { code: string } }>(server.url, supervisor, 'POST', `/recordings/${first.id}/purge`);
    expect([refusedPurge.status, refusedPurge.body.error.code]).toEqual([409, 'RECORDING_UNDER_FOLLOW_UP']);
    expect(existsSync(join(dir, first.file!))).toBe(true);
    expect((await recordingsOfSession(db, sessionId)).find((row) => row.id === first.id)?.purgedAt).toBeNull();
    const firstActions = (await db.select().from(auditLog).where(eq(auditLog.entityId, first.id))).map((row) => row.action);
    expect(firstActions).toContain('recording.purge_refused');
    expect(firstActions).not.toContain('recording.purged');
    expect((await call(server.url, clerks.home, 'POST', `/recordings/${first.id}/purge`)).status).toBe(403);

    // Retention (1 day here, two days later): the open follow-up keeps the files; once closed they go.
    const admin = await signInCookie(server, 'admin');
    expect((await call(server.url, admin, 'PUT', '/recordings/policies/330482', { required: true, retentionDays: 1 })).status).toBe(200);
    const later = new RecordingLibrary({ database: server.services.database, dir: server.services.recording.dir, now: () => new Date(Date.now() + 2 * 86_400_000) });
    expect(await later.purgeAllExpired()).toBe(0);
    await db.update(followUps).set({ status: 'closed', closedAt: new Date() }).where(eq(followUps.id, followUp.id));
    expect(await later.purgeAllExpired()).toBe(segments.length);
    for (const segment of segments) expect(existsSync(join(dir, segment.file!))).toBe(false);
    const purgeRows = await db.select().from(auditLog).where(eq(auditLog.action, 'recording.purged'));
    expect(purgeRows.map((row) => row.entityId).sort()).toEqual(segments.map((segment) => segment.id).sort());
    // The purged files are on record as purged: the audit check still holds.
    expect((await call<{ audit: AuditChainVerdict }>(server.url, supervisor, 'GET', '/audit/verify')).body.audit.ok).toBe(true);
    expect((await fetch(`${server.url}/api/recordings/${first.id}/file`, { headers: { cookie: clerks.home } })).status).toBe(404);
  });
});

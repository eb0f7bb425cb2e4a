/**
 * 录音录像 from the accept: a session whose local camera and microphone already send (the flash-and-
 * beep source, ./syntheticMedia.ts, into PlainTransport producers of the session's room, as the local
 * clerk's tracks are there while the session waits) is accepted; the recording's first media must
 * begin within 0.4 s of the accept's audit row, for the picture and the sound (room for a loaded
 * machine; starting the recorders 0.5 s after the accept, as before, fails it). The recorded timeline
 * must be true, not only claimed: each flash in the recorded video, placed on the wall clock by its
 * segment's recorded start, falls where the source sent it (its first packet as the worker timed it,
 * plus the flash's timestamp). The recorders of the call's tracks are started while the session waits
 * and take over at the accept; none outlives the server, idle ones included.
 */
import { and, eq } from 'drizzle-orm';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingsOfSession } from '@vwindow/db';
import { auditLog, matters, staff } from '../support/tables';
import type { Room } from '../../signaling/src/rooms/Room';
import type { RecordableProducer } from '../../signaling/src/recording/roomTap';
import type { SessionView } from '../../signaling/src/protocol';
import { call, citizenId, type Clerks } from '../support/sessionSteps';
import { recordingNoticePath } from '../support/recordingNotice';
import { TestSignalingClient } from '../support/signalingClient';
import { flashBeepSource, type FlashBeepSource } from '../support/syntheticMedia';
import { flashOnsets } from '../support/avSync';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';
import { testRecorderPorts } from '../support/testPorts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('recording from the accept', () => {
  let server: TestServer | undefined;
  let clerks: Clerks;
  let source: FlashBeepSource | undefined;
  let client: TestSignalingClient | undefined;

  beforeAll(async () => {
    server = await startTestServer({ VWINDOW_RECORDING_SEGMENT_SECONDS: '2', VWINDOW_RECORDER_PORTS: testRecorderPorts() });
    clerks = { url: server.url, local: await signInCookie(server, 'lianshui.local'), home: await signInCookie(server, 'pinghu.home') };
  });
  afterAll(async () => {
    source?.stop();
    client?.socket.close();
    await server?.dispose();
  });

  it('records the camera and the microphone from within 0.4 s of the accept, on a true timeline', { timeout: 90_000 }, async () => {
    const db = server!.services.database.db;
    const matter = (await db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!;
    const localClerk = (await db.select().from(staff).where(eq(staff.username, 'lianshui.local')))[0]!;
    const started = await call<{ session: SessionView }>(clerks.url, clerks.local, 'POST', '/sessions', {
      citizenName: '陈先生',
      citizenIdNumber: citizenId(),
      citizenPhone: '13800138000',
      homeJurisdictionCode: '330482',
      matterId: matter.id,
    });
    expect(started.status).toBe(201);
    const sessionId = started.body.session.id;
    expect((await call(clerks.url, clerks.local, 'POST', recordingNoticePath(sessionId).replace(/^\/api/, ''))).status).toBe(201);

    // The local clerk waits in the session's room; its camera and microphone send before the accept.
    client = await TestSignalingClient.connect(server!, clerks.local);
    expect((await client.request('session.join', { sessionId })).ok).toBe(true);
    const room = server!.services.rooms.room(sessionId) as Room;
    source = await flashBeepSource(room.router, { seconds: 60 });
    const flowing = async (producer: FlashBeepSource['video']) => (await producer.getStats()).some((stat) => stat.byteCount > 0);
    for (let i = 0; i < 100 && !((await flowing(source.video)) && (await flowing(source.audio))); i++) await sleep(100);
    const tracks: RecordableProducer[] = [
      { id: source.video.id, kind: 'video', source: 'camera', side: 'local', staffId: localClerk.id },
      { id: source.audio.id, kind: 'audio', source: 'microphone', side: 'local', staffId: localClerk.id },
    ];
    // The room offers these as it offers a clerk's producers (the recording tap, recording/roomTap.ts).
    const offered = room.recordableProducers.bind(room);
    room.recordableProducers = () => [...offered(), ...tracks];
    // While the session waits, the recorders of the call's four tracks are started, waiting for their SDP.
    const recording = server!.services.recording;
    for (let i = 0; i < 50 && recording.reservedRecorders.length < 4; i++) await sleep(100);
    expect(recording.reservedRecorders.map((pattern) => pattern.replace(/^.*\//, '')).sort()).toEqual(
      ['home-camera-video-t0-r0-%05d.webm', 'home-microphone-audio-t0-r0-%05d.webm', 'local-camera-video-t0-r0-%05d.webm', 'local-microphone-audio-t0-r0-%05d.webm'],
    );
    const waiting = recording.idleRecorderPids;

    expect((await call(clerks.url, clerks.home, 'POST', `/sessions/${sessionId}/accept`)).status).toBe(200);
    await sleep(7_000);
    // The local tracks are recorded by the processes started for them; the home clerk's, which never came, are ended.
    const runs = (await recording.recorderOf(sessionId)!.trackRecorders()).map((track) => track.pid);
    expect(runs).toHaveLength(2);
    for (const pid of runs) expect(waiting).toContain(pid);
    expect((await call(clerks.url, clerks.home, 'POST', `/sessions/${sessionId}/end`)).status).toBe(200);
    const pids = [...new Set([...waiting, ...recording.recorderPids, ...recording.idleRecorderPids])];
    await server!.services.recording.idle();

    const [accepted] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'session.accepted'), eq(auditLog.entityId, sessionId)));
    const acceptedAt = accepted!.at.getTime();
    const rows = (await recordingsOfSession(db, sessionId)).filter((row) => row.entry === 'segment');
    const first = (kind: string) => rows.filter((row) => row.mediaKind === kind).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())[0]!;
    const lateMs = { video: first('video').startedAt.getTime() - acceptedAt, audio: first('audio').startedAt.getTime() - acceptedAt };
    console.log(`recording began ${lateMs.video} ms (video) / ${lateMs.audio} ms (audio) after the accept's audit row`);
    // 67–287 ms measured on this shared machine (load 4–19); the 0.5 s start delay this replaced gave 1019–1946 ms.
    expect(lateMs.video).toBeLessThanOrEqual(400);
    expect(lateMs.audio).toBeLessThanOrEqual(400);
    expect(Math.min(lateMs.video, lateMs.audio)).toBeGreaterThanOrEqual(-50);

    // The timeline is true: flash k was sent at the source's first packet + k periods.
    const dir = server!.services.recording.sessionDir(sessionId);
    const video = rows.filter((row) => row.mediaKind === 'video').map((row) => ({ path: join(dir, row.file!), startedAt: row.startedAt.getTime() }));
    const flashes = await flashOnsets(video);
    const sentFrom = await source.firstVideoPacketAt;
    const errors = flashes.map((at) => {
      const k = Math.round((at - sentFrom) / (source!.periodSeconds * 1000));
      return Math.round(at - (sentFrom + k * source!.periodSeconds * 1000));
    });
    console.log(`recorded flashes against when they were sent (ms): ${errors.join(' ')}`);
    expect(flashes.length).toBeGreaterThanOrEqual(3);
    for (const error of errors) expect(Math.abs(error)).toBeLessThanOrEqual(200);

    // No recorder process outlives the server, the idle ones waiting in the pool included.
    await server!.dispose();
    server = undefined;
    for (let i = 0; i < 50 && pids.some(alive); i++) await sleep(100);
    expect(pids.filter(alive)).toEqual([]);
  });
});

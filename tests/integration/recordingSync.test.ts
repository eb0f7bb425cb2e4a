/**
 * 录音录像 keeps sound and picture in sync over a 10-minute call (issue 18: within 100 ms): the
 * flash-and-beep source (./syntheticMedia.ts: a white picture and a beep on the same timestamp every
 * 2 s, one FFmpeg sending both with RTCP) goes into a session's room and through the product's
 * recorders (one FFmpeg per track, WebM segments); in the finished files each flash and each beep is
 * found and placed on the wall clock by its segment's recorded start, as the player lines the tracks
 * up, and every beep must be within 100 ms of its flash — at the start, the middle and the end — with
 * the segments covering the call, back to back.
 *
 * Ten minutes of media, sent 10× faster than real time by default (VWINDOW_SYNC_TEST_SPEED; 1 for a
 * real-time call): nothing on the recording path reads a clock after a run's first packet (each
 * file's timestamps are the RTP timestamps, each segment is placed by the run's first packet plus
 * them), so the media's ten minutes are what is checked, in about a minute of wall time.
 * VWINDOW_SYNC_TEST_SECONDS changes the length; VWINDOW_SYNC_TEST_OFFSET_MS sends the beeps late on
 * purpose (250: the test must fail).
 */
import { eq } from 'drizzle-orm';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingsOfSession } from '@vwindow/db';
import { matters, staff } from '../support/tables';
import type { Room } from '../../signaling/src/rooms/Room';
import { activeSession, call, type Clerks } from '../support/sessionSteps';
import { TestSignalingClient } from '../support/signalingClient';
import { flashBeepSource, type FlashBeepSource } from '../support/syntheticMedia';
import { beepOnsets, flashOnsets, pairFlashesAndBeeps } from '../support/avSync';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';
import { testRecorderPorts } from '../support/testPorts';

const SECONDS = Number(process.env.VWINDOW_SYNC_TEST_SECONDS ?? 600);
const SPEED = Number(process.env.VWINDOW_SYNC_TEST_SPEED ?? 10);
const OFFSET_MS = Number(process.env.VWINDOW_SYNC_TEST_OFFSET_MS ?? 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('recording in sync', () => {
  let server: TestServer;
  let clerks: Clerks;
  let source: FlashBeepSource | undefined;
  let client: TestSignalingClient | undefined;

  beforeAll(async () => {
    server = await startTestServer({ VWINDOW_RECORDER_PORTS: testRecorderPorts() });
    clerks = { url: server.url, local: await signInCookie(server, 'lianshui.local'), home: await signInCookie(server, 'pinghu.home') };
  });
  afterAll(async () => {
    source?.stop();
    client?.socket.close();
    await server?.dispose();
  });

  it(`keeps each beep within 100 ms of its flash over ${SECONDS / 60} minutes`, { timeout: (SECONDS / SPEED) * 1000 + 240_000 }, async () => {
    const db = server.services.database.db;
    const matter = (await db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!;
    const localClerk = (await db.select().from(staff).where(eq(staff.username, 'lianshui.local')))[0]!;
    const session = await activeSession(clerks, matter.id);
    // The local clerk is in the call: a room nobody is in closes after 5 minutes, a call nobody is at ends.
    client = await TestSignalingClient.connect(server, clerks.local);
    expect((await client.request('session.join', { sessionId: session.id })).ok).toBe(true);
    let room: Room | undefined;
    for (let i = 0; i < 100 && !room; i++) {
      room = server.services.rooms.room(session.id);
      if (!room) await sleep(100);
    }
    source = await flashBeepSource(room!.router, { seconds: SECONDS, speed: SPEED, audioOffsetMs: OFFSET_MS });
    room!.emit('producerAdded', { id: source.video.id, kind: 'video', source: 'camera', side: 'local', staffId: localClerk.id });
    room!.emit('producerAdded', { id: source.audio.id, kind: 'audio', source: 'microphone', side: 'local', staffId: localClerk.id });
    await source.sent;
    await sleep(1000);
    expect((await call(clerks.url, clerks.home, 'POST', `/sessions/${session.id}/end`)).status).toBe(200);
    await server.services.recording.idle();

    const rows = await recordingsOfSession(db, session.id);
    expect(rows.filter((row) => row.entry === 'gap')).toEqual([]);
    const dir = server.services.recording.sessionDir(session.id);
    const placed = (kind: string) =>
      rows
        .filter((row) => row.entry === 'segment' && row.mediaKind === kind)
        .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
        .map((row) => ({ path: join(dir, row.file!), startedAt: row.startedAt.getTime(), endedAt: row.endedAt.getTime() }));
    const video = placed('video');
    const audio = placed('audio');

    // The segments cover the call back to back: each starts where the one before it ended.
    for (const files of [video, audio]) {
      const joins = files.slice(1).map((file, i) => file.startedAt - files[i]!.endedAt);
      const covered = (files.at(-1)!.endedAt - files[0]!.startedAt) / 1000;
      console.log(`${files === video ? 'video' : 'audio'}: ${files.length} segments covering ${covered.toFixed(2)} s of media, joins ${Math.min(...joins)}..${Math.max(...joins)} ms`);
      for (const gap of joins) expect(Math.abs(gap)).toBeLessThanOrEqual(50);
      expect(covered).toBeGreaterThan(SECONDS - 2);
    }

    const periodMs = source.periodSeconds * 1000;
    const flashes = await flashOnsets(video);
    const beeps = await beepOnsets(audio);
    const pairs = pairFlashesAndBeeps(flashes, beeps, periodMs);
    const expected = SECONDS / source.periodSeconds;
    const at = (from: number) => pairs.slice(from, from + 10).map((pair) => Math.round(pair.offsetMs));
    const middle = Math.max(0, Math.floor(pairs.length / 2) - 5);
    console.log(`${flashes.length} flashes, ${beeps.length} beeps, ${pairs.length} pairs of ${expected}; beep − flash (ms), start: ${at(0).join(' ')}; middle: ${at(middle).join(' ')}; end: ${at(Math.max(0, pairs.length - 10)).join(' ')}; worst ${Math.max(...pairs.map((pair) => Math.abs(Math.round(pair.offsetMs))))}`);
    expect(flashes.length).toBeGreaterThanOrEqual(expected * 0.97);
    expect(pairs.length).toBeGreaterThanOrEqual(expected * 0.9);
    // Start, middle and end: the first, middle and last pairs lie in the first, middle and last minute.
    expect(pairs[0]!.flash - video[0]!.startedAt).toBeLessThan(60_000);
    expect(video.at(-1)!.endedAt - pairs.at(-1)!.flash).toBeLessThan(60_000);
    for (const pair of pairs) expect(Math.abs(pair.offsetMs)).toBeLessThanOrEqual(100);
  });
});

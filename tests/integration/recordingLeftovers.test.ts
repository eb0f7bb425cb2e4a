/**
 * What a killed server recorded stays accounted for: segment files on disk that no row holds (the
 * server died before hashing them, its orphaned FFmpeg closing them later) are registered at the next
 * start-up — once the orphan has ended — remuxed, hashed into the audit chain with a row that says so,
 * and playable. Here the orphan is a real FFmpeg, detached from this process as a killed server's
 * recorder would be, writing live WebM segments into a session's folder. With several nodes on one
 * shared data directory: a starting node leaves another live node's recordings alone, and the node
 * that takes over the room of a lost node's session registers what that node left.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingsOfSession } from '@vwindow/db';
import { auditLog, matters } from '../support/tables';
import { recordersWritingIn, registerLeftoverSegments } from '../../signaling/src/recording/leftoverSegments';
import { sha256OfFile } from '../../signaling/src/recording/segmentFiles';
import type { AuditChainVerdict } from '../../signaling/src/protocol';
import { startTestServer, signInCookie, type TestServer } from '../support/testServer';
import { activeSession, call, type Clerks } from '../support/sessionSteps';
import { probe } from '../support/mediaFiles';
import { testRecorderPorts } from '../support/testPorts';

describe('recording segments a killed server left', () => {
  let server: TestServer;
  let clerks: Clerks;

  beforeAll(async () => {
    server = await startTestServer({ VWINDOW_RECORDER_PORTS: testRecorderPorts() });
    const [local, home] = await Promise.all([signInCookie(server, 'lianshui.local'), signInCookie(server, 'pinghu.home')]);
    clerks = { url: server.url, local, home };
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('registers them at start-up once their orphaned recorder has ended, hashed and playable', { timeout: 90_000 }, async () => {
    const db = server.services.database.db;
    const matter = (await db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!;
    const session = await activeSession(clerks, matter.id);
    const folder = server.services.recording.sessionDir(session.id);
    mkdirSync(folder, { recursive: true });
    // The orphan: started through a shell that exits at once, so that it is nobody's child here.
    const pattern = join(folder, 'local-camera-video-t0-r0-%05d.webm');
    const ffmpeg = `ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc=size=320x240:rate=15 -t 5 -c:v libvpx -deadline realtime -b:v 300k -g 15 -f segment -segment_time 2 -segment_format webm -segment_format_options live=1:flush_packets=1:cluster_time_limit=1000 '${pattern}'`;
    spawn('sh', ['-c', `${ffmpeg} </dev/null >/dev/null 2>&1 &`], { stdio: 'ignore' }).unref();
    const deadline = Date.now() + 10_000;
    while (recordersWritingIn(folder).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recordersWritingIn(folder).length).toBe(1);

    // The next start-up's registration (what RecordingService runs when it is made) waits for it.
    const registered = await registerLeftoverSegments({ database: server.services.database, dir: server.services.recording.dir, logger: server.services.logger, waitMs: 30_000 });
    expect(recordersWritingIn(folder)).toEqual([]);
    const files = readdirSync(folder).filter((name) => name.endsWith('.webm')).sort();
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(registered).toBe(files.length);

    const rows = await recordingsOfSession(db, session.id);
    expect(rows.map((row) => row.file).sort()).toEqual(files);
    let seconds = 0;
    for (const row of rows) {
      expect(row).toMatchObject({ entry: 'segment', track: 'local-camera-video-t0', side: 'local', source: 'camera', mediaKind: 'video' });
      expect(await sha256OfFile(join(folder, row.file!))).toBe(row.sha256);
      const probed = await probe(join(folder, row.file!));
      expect(probed.codecs).toEqual(['vp8']);
      seconds += probed.duration;
      const audit = (await db.select().from(auditLog).where(eq(auditLog.entityId, row.id)))[0]!;
      expect(audit.after).toMatchObject({ registeredAtStartUp: true, timing: 'estimated', sha256: row.sha256 });
    }
    expect(seconds).toBeGreaterThan(4);
    // In the chain: the check holds, and a second start-up registers nothing more.
    const supervisor = await signInCookie(server, 'pinghu.supervisor');
    expect((await call<{ audit: AuditChainVerdict }>(server.url, supervisor, 'GET', '/audit/verify')).body.audit).toMatchObject({ ok: true, recordingSegments: files.length });
    expect(await registerLeftoverSegments({ database: server.services.database, dir: server.services.recording.dir, logger: server.services.logger })).toBe(0);
  });

  it("leaves a folder another node records alone at start-up, and registers a lost node's segments on the takeover", { timeout: 60_000 }, async () => {
    const db = server.services.database.db;
    const matter = (await db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!;
    const session = await activeSession(clerks, matter.id);
    const folder = server.services.recording.sessionDir(session.id);
    mkdirSync(folder, { recursive: true });
    // What the lost node wrote and never registered: two finished 2 s segments of a track of its own.
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15', '-t', '3.5', '-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '300k', '-g', '15',
      '-f', 'segment', '-segment_time', '2', '-segment_format', 'webm', join(folder, 'home-camera-video-t0-r0-%05d.webm')]);
    const lostNodes = readdirSync(folder).sort();
    expect(lostNodes).toHaveLength(2);

    // A node starting while another live node records this session leaves the folder alone.
    const skipped = await registerLeftoverSegments({ database: server.services.database, dir: server.services.recording.dir, logger: server.services.logger, skip: async (id) => id === session.id });
    expect(skipped).toBe(0);
    expect(await recordingsOfSession(db, session.id)).toEqual([]);

    // The takeover reads the folder when it is called: this node's own track written right after is not a leftover.
    const takingOver = server.services.recording.takeOver(session.id);
    copyFileSync(join(folder, lostNodes[0]!), join(folder, 'home-camera-video-t1-r0-00000.webm'));
    expect(await takingOver).toBe(2);
    const rows = await recordingsOfSession(db, session.id);
    expect(rows.map((row) => row.file).sort()).toEqual(lostNodes);
    for (const row of rows) {
      expect(await sha256OfFile(join(folder, row.file!))).toBe(row.sha256);
      const audit = (await db.select().from(auditLog).where(eq(auditLog.entityId, row.id)))[0]!;
      expect(audit.after).toMatchObject({ registeredAtTakeover: true, timing: 'estimated', sha256: row.sha256 });
    }
  });
});


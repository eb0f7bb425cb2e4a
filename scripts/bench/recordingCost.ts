/**
 * The recording row of `npm run bench`: one session recorded on the running server from a real RTP
 * source (tests/support/syntheticMedia.ts: VP8 320×240 at 15 fps ~300 kbit/s and Opus 32 kbit/s, as
 * one camera and one microphone), measured over a window: the recorder processes' CPU against the
 * mediasoup worker's CPU for the same session (receiving the source and forwarding it to the
 * recorders), and the bytes written per minute. The recorders' CPU is the FFmpeg runs' own plus the
 * short processes that make each finished segment final (remux, probe: children of this process that
 * end within the window, read from its cutime/cstime). Reads CPU from /proc (Linux).
 *
 * Alone, on a server of its own: `npx tsx scripts/bench/recordingCost.ts [--window 30]`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { eq } from 'drizzle-orm';
import { matters, recordingsOfSession, staff } from '@vwindow/db';
import { loadConfig } from '../../signaling/src/config';
import { createLogger } from '../../signaling/src/logger';
import { startServer, type RunningServer } from '../../signaling/src/server';
import type { Room } from '../../signaling/src/rooms/Room';
import { signInCookie } from '../../tests/support/testServer';
import { activeSession, call } from '../../tests/support/sessionSteps';
import { syntheticSource } from '../../tests/support/syntheticMedia';

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used, or 0 when it is gone; `children`: of its ended children instead. */
function cpuSeconds(pid: number | 'self', children = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const [user, system] = children ? [fields[13], fields[14]] : [fields[11], fields[12]];
    return (Number(user) + Number(system)) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export interface RecordingCost {
  windowSeconds: number;
  recorderCpuSeconds: number;
  /** Of which the segments' remux and probe processes. */
  finishingCpuSeconds: number;
  load: string;
  workerCpuSeconds: number;
  bytesPerMinute: number;
}

export async function measureRecordingCost(server: RunningServer, windowSeconds = 30): Promise<RecordingCost> {
  const { database, rooms, recording, workers } = server.services;
  const matter = (await database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!;
  const [local, home] = await Promise.all([signInCookie(server, 'lianshui.local'), signInCookie(server, 'pinghu.home')]);
  const session = await activeSession({ url: server.url, local, home }, matter.id);
  const staffId = (await database.db.select().from(staff).where(eq(staff.username, 'lianshui.local')))[0]!.id;
  let room: Room | undefined;
  for (let i = 0; i < 100 && !room; i++) {
    room = rooms.room(session.id);
    if (!room) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!room) throw new Error('the session has no room');
  const source = await syntheticSource(room.router);
  try {
    room.emit('producerAdded', { id: source.video.id, kind: 'video', source: 'camera', side: 'local', staffId });
    room.emit('producerAdded', { id: source.audio.id, kind: 'audio', source: 'microphone', side: 'local', staffId });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const workerPid = workers.status().find((status) => status.routers > 0)?.pid ?? 0;
    const recorderPids = async () => (await recording.recorderOf(session.id)?.trackRecorders())?.map((track) => track.pid ?? 0) ?? [];
    const pids = await recorderPids();
    const loadBefore = loadavg()[0]!.toFixed(1);
    const before = { recorders: pids.map((pid) => cpuSeconds(pid)), worker: cpuSeconds(workerPid), children: cpuSeconds('self', true) };
    await new Promise((resolve) => setTimeout(resolve, windowSeconds * 1000));
    const after = { recorders: pids.map((pid) => cpuSeconds(pid)), worker: cpuSeconds(workerPid), children: cpuSeconds('self', true) };
    const load = `load average ${loadBefore} → ${loadavg()[0]!.toFixed(1)}`;
    // As the product's page asks it (its Origin): a state-changing request without one is refused.
    const ended = await call(server.url, home, 'POST', `/sessions/${session.id}/end`, {});
    if (ended.status !== 200) throw new Error(`could not end the session: ${ended.status}`);
    await recording.idle();
    const rows = (await recordingsOfSession(database.db, session.id)).filter((row) => row.entry === 'segment');
    const bytes = rows.reduce((sum, row) => sum + (row.bytes ?? 0), 0);
    const seconds = Math.max(...rows.map((row) => row.endedAt.getTime())) / 1000 - Math.min(...rows.map((row) => row.startedAt.getTime())) / 1000;
    const finishingCpuSeconds = after.children - before.children;
    return {
      windowSeconds,
      load,
      finishingCpuSeconds,
      recorderCpuSeconds: after.recorders.reduce((sum, value, i) => sum + value - before.recorders[i]!, 0) + finishingCpuSeconds,
      workerCpuSeconds: after.worker - before.worker,
      bytesPerMinute: seconds > 0 ? (bytes / seconds) * 60 : 0,
    };
  } finally {
    source.stop();
  }
}

/** The README's lines for it. */
export function recordingCostLines(cost: RecordingCost): string {
  const share = cost.recorderCpuSeconds / cost.windowSeconds;
  return [
    `recording, one session (camera VP8 ~300 kbit/s + microphone Opus 32 kbit/s), ${cost.windowSeconds} s window, ${cost.load}:`,
    `  recorder CPU ${(share * 100).toFixed(2)} % of a core (${cost.recorderCpuSeconds.toFixed(2)} s, of which ${cost.finishingCpuSeconds.toFixed(2)} s finishing segments); SFU worker ${cost.workerCpuSeconds.toFixed(2)} s`,
    `  recorder / SFU for the same session: ${(cost.recorderCpuSeconds / Math.max(cost.workerCpuSeconds, 0.001)).toFixed(2)}×`,
    `  ${(cost.bytesPerMinute / 1e6).toFixed(2)} MB per minute; about ${Math.floor(1 / Math.max(share, 0.0001))} such recorded sessions per core (recorders alone)`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const windowArg = process.argv.indexOf('--window');
  const windowSeconds = windowArg > 0 ? Number(process.argv[windowArg + 1]) : 30;
  if (!Number.isInteger(windowSeconds) || windowSeconds < 5 || windowSeconds > 600) throw new Error('--window takes whole seconds from 5 to 600');
  const dataDir = mkdtempSync(join(tmpdir(), 'vwindow-bench-rec-'));
  const server = await startServer(
    loadConfig({ ...process.env, VWINDOW_PORT: '0', VWINDOW_DATA_DIR: dataDir, VWINDOW_RTC_PORT_BASE: process.env.BENCH_RTC_PORT_BASE ?? '23000', VWINDOW_LOG_LEVEL: 'warn' }),
    { logger: createLogger('warn') },
  );
  try {
    console.log(recordingCostLines(await measureRecordingCost(server, windowSeconds)));
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The recording row of `npm run bench`: one session recorded on the running server from a real RTP
 * source (tests/support/syntheticMedia.ts: VP8 320×240 at 15 fps ~300 kbit/s and Opus 32 kbit/s, as
 * one camera and one microphone), measured over a window: the recorder processes' CPU against the
 * mediasoup worker's CPU for the same session (receiving the source and forwarding it to the
 * recorders), and the bytes written per minute. Reads CPU from /proc (Linux).
 */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { matters, recordingsOfSession, staff } from '@vwindow/db';
import type { RunningServer } from '../../signaling/src/server';
import type { Room } from '../../signaling/src/rooms/Room';
import { signInCookie } from '../../tests/support/testServer';
import { activeSession, call } from '../../tests/support/sessionSteps';
import { syntheticSource } from '../../tests/support/syntheticMedia';

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used, or 0 when it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export interface RecordingCost {
  windowSeconds: number;
  recorderCpuSeconds: number;
  workerCpuSeconds: number;
  bytesPerMinute: number;
}

export async function measureRecordingCost(server: RunningServer, windowSeconds = 30): Promise<RecordingCost> {
  const { database, rooms, recording, workers } = server.services;
  const matter = database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')).get()!;
  const [local, home] = await Promise.all([signInCookie(server, 'lianshui.local'), signInCookie(server, 'pinghu.home')]);
  const session = await activeSession({ url: server.url, local, home }, matter.id);
  const staffId = database.db.select().from(staff).where(eq(staff.username, 'lianshui.local')).get()!.id;
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
    const before = { recorders: pids.map(cpuSeconds), worker: cpuSeconds(workerPid) };
    await new Promise((resolve) => setTimeout(resolve, windowSeconds * 1000));
    const after = { recorders: pids.map(cpuSeconds), worker: cpuSeconds(workerPid) };
    // As from the product's page (the origin check refuses a cookie without one).
    const ended = await call(server.url, home, 'POST', `/sessions/${session.id}/end`);
    if (ended.status !== 200) throw new Error(`could not end the session: ${ended.status}`);
    await recording.idle();
    const rows = recordingsOfSession(database.db, session.id).filter((row) => row.entry === 'segment');
    const bytes = rows.reduce((sum, row) => sum + (row.bytes ?? 0), 0);
    const seconds = Math.max(...rows.map((row) => row.endedAt.getTime())) / 1000 - Math.min(...rows.map((row) => row.startedAt.getTime())) / 1000;
    return {
      windowSeconds,
      recorderCpuSeconds: after.recorders.reduce((sum, value, i) => sum + value - before.recorders[i]!, 0),
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
    `recording, one session (camera VP8 ~300 kbit/s + microphone Opus 32 kbit/s), ${cost.windowSeconds} s window:`,
    `  recorder CPU ${(share * 100).toFixed(2)} % of a core; ${(cost.recorderCpuSeconds / Math.max(cost.workerCpuSeconds, 0.001)).toFixed(2)}× the SFU's CPU for the same session`,
    `  ${(cost.bytesPerMinute / 1e6).toFixed(2)} MB per minute; about ${Math.floor(1 / Math.max(share, 0.0001))} such recorded sessions per core (recorders alone)`,
  ].join('\n');
}

/**
 * Segments a killed server left behind: files under <data dir>/recordings/<session>/ that no row of
 * `recordings` holds (the server died before it hashed them, or its recorder outlived it and closed
 * them later). At start-up each is made final — once no recorder process writes into its folder any
 * more (an orphaned FFmpeg ends by itself ~10 s after its input stopped; after `waitMs` it is asked
 * to finish) — remuxed, hashed and registered with its audit row, which says it was registered at
 * start-up and that its times are estimated. So what a killed server recorded stays playable and in
 * the audit chain. With several nodes on one shared data directory the same happens, for one session,
 * on the node that takes over the room of a session whose node was lost.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { findSession, insertRecordingEntry, recordingsOfSession, type Database } from '@vwindow/db';
import type { Logger } from '../logger';
import { finalizeSegment, probeDuration } from './segmentFiles';

const SEGMENT_NAME = /^(local|home)-(camera|microphone|document)-(audio|video)-(t\d+)-r(\d+)-(\d{5})\.webm$/;

export interface LeftoverOptions {
  database: Database;
  /** <data dir>/recordings */
  dir: string;
  logger: Logger;
  ffmpegPath?: string;
  /** How long to let an orphaned recorder end by itself before it is asked to (SIGINT). Default 30 s. */
  waitMs?: number;
}

/** Process ids of recorder processes (FFmpeg) not this server's whose output pattern lies in `folder` (Linux /proc). */
export function recordersWritingIn(folder: string): number[] {
  const pids: number[] = [];
  for (const entry of existsSync('/proc') ? readdirSync('/proc') : []) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!/ffmpeg$/.test(args[0] ?? '') || !args.some((arg) => arg.startsWith(`${folder}/`))) continue;
      // This server's own recorders (already writing new tracks there) are not leftovers.
      const parent = /^PPid:\s*(\d+)$/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (Number(parent) !== process.pid) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

async function untilNoRecorderIn(folder: string, waitMs: number): Promise<void> {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const deadline = Date.now() + waitMs;
  while (recordersWritingIn(folder).length > 0 && Date.now() < deadline) await sleep(250);
  for (const pid of recordersWritingIn(folder)) process.kill(pid, 'SIGINT');
  const hard = Date.now() + 5000;
  while (recordersWritingIn(folder).length > 0 && Date.now() < hard) await sleep(250);
}

/**
 * Registers every leftover segment; returns how many were registered. `skip` names sessions whose
 * folder is not this node's to judge (another live node records into it: with several nodes on one
 * shared data directory, a node starting must leave the others' running recordings alone).
 */
export async function registerLeftoverSegments(options: LeftoverOptions & { skip?: (sessionId: string) => Promise<boolean> }): Promise<number> {
  const { dir, logger } = options;
  if (!existsSync(dir)) return 0;
  let registered = 0;
  for (const sessionId of await readdir(dir)) {
    if (await options.skip?.(sessionId)) continue;
    registered += await registerLeftoversOfSession(options, sessionId, 'start-up');
  }
  if (registered > 0) logger.info({ registered }, 'registered the recording segments a stopped server left');
  return registered;
}

/** The track a segment file belongs to (`home-camera-video-t0`), or null when the name is not a segment's. */
export function segmentTrack(name: string): string | null {
  const match = SEGMENT_NAME.exec(name);
  return match ? `${match[1]}-${match[2]}-${match[3]}-${match[4]}` : null;
}

/**
 * Registers the leftover segments of one session's folder: at start-up, and when this node takes over
 * the room of a session whose node was lost (then only those of `tracks`, the tracks in the folder
 * before this node's own recorders began writing into it). Returns how many. Each one's audit row
 * says when it was registered and that its times are estimated.
 */
export async function registerLeftoversOfSession(options: LeftoverOptions, sessionId: string, when: 'start-up' | 'takeover', tracks?: ReadonlySet<string>): Promise<number> {
  const { database, dir, logger } = options;
  const folder = join(dir, sessionId);
  const session = await findSession(database.db, sessionId);
  if (!session || !existsSync(folder)) return 0;
  // An orphaned recorder may still be writing (or not yet have opened) its files: let it end first.
  if (recordersWritingIn(folder).length > 0) await untilNoRecorderIn(folder, options.waitMs ?? 30_000);
  const names = (await readdir(folder)).filter((name) => !tracks || tracks.has(segmentTrack(name) ?? ''));
  const known = new Set((await recordingsOfSession(database.db, sessionId)).map((row) => row.file));
  const leftovers = names.filter((name) => SEGMENT_NAME.test(name) && !known.has(name)).sort();
  // A remux a killed server did not finish: the original is still there.
  for (const name of names.filter((name) => name.endsWith('.remux'))) await rm(join(folder, name), { force: true });
  let registered = 0;
  for (const name of leftovers) {
    const [, side, source, kind, track, run] = SEGMENT_NAME.exec(name)!;
    const path = join(folder, name);
    if (!existsSync(path)) continue;
    const writtenUntil = (await stat(path)).mtime;
    const { bytes, sha256 } = await finalizeSegment(path, options.ffmpegPath);
    const seconds = bytes > 0 ? await probeDuration(path) : 0;
    if (seconds <= 0) {
      logger.warn({ sessionId, file: name }, 'a leftover recording segment holds nothing playable; left as it is, not registered');
      continue;
    }
    // Timed after the segment before it in the same run when there is one, else by its last write.
    const trackName = `${side}-${source}-${kind}-${track}`;
    const before = (await recordingsOfSession(database.db, sessionId))
      .filter((row) => row.track === trackName && row.file !== null && row.file.includes(`-r${run}-`) && row.file < name)
      .at(-1);
    const startedAt = before ? before.endedAt : new Date(writtenUntil.getTime() - seconds * 1000);
    await insertRecordingEntry(
      database.db,
      { id: randomUUID(), sessionId, entry: 'segment', track: trackName, side: side!, source: source!, mediaKind: kind!, file: name, startedAt, endedAt: new Date(startedAt.getTime() + seconds * 1000), bytes, sha256 },
      { ...(when === 'start-up' ? { registeredAtStartUp: true } : { registeredAtTakeover: true }), timing: 'estimated' },
    );
    registered += 1;
  }
  return registered;
}

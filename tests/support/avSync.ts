/**
 * Audio/video sync measured in recorded files (of the flash-and-beep source, ./syntheticMedia.ts):
 * each flash found in the video (a frame whose mean luma, ffmpeg's signalstats YAVG, jumps above mid
 * grey) and each beep in the audio (a 10 ms window whose RMS level, ffmpeg's astats, jumps above
 * −30 dBFS), on the files' own timestamps (-copyts: as stored), placed on the wall clock by each
 * segment's recorded start (as the player lines the tracks up), and paired flash to beep.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One recorded segment file and where it starts on the wall clock (ms). */
export interface PlacedFile {
  path: string;
  startedAt: number;
}

/** One measurement of a file: its time (s, as stored in the file) and value. */
interface Level {
  time: number;
  value: number;
}

/** The values ffmpeg's metadata filter prints for `key`, with each frame's time. */
async function levels(path: string, stream: string, filters: string, key: string): Promise<Level[]> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-copyts', '-i', path, '-map', stream, stream.includes(':v') ? '-vf' : '-af', `${filters},${stream.includes(':v') ? '' : 'a'}metadata=print:key=${key}:file=-`, '-f', 'null', '-'], {
    maxBuffer: 64 << 20,
  });
  const found: Level[] = [];
  let time = Number.NaN;
  for (const line of stdout.split('\n')) {
    const at = /pts_time:(-?[\d.]+)/.exec(line);
    if (at) time = Number(at[1]);
    const value = line.startsWith(`${key}=`) ? line.slice(key.length + 1) : undefined;
    if (value !== undefined && Number.isFinite(time)) found.push({ time, value: value === '-inf' ? Number.NEGATIVE_INFINITY : Number(value) });
  }
  return found;
}

/** Each video frame's mean luma (signalstats YAVG, 16 black … 235 white). */
export function pictureLevels(path: string): Promise<Level[]> {
  return levels(path, '0:v:0', 'signalstats', 'lavfi.signalstats.YAVG');
}

/** The sound's RMS level (dBFS) in each 10 ms of audio. */
export function soundLevels(path: string): Promise<Level[]> {
  return levels(path, '0:a:0', 'asetnsamples=n=480,astats=metadata=1:reset=1', 'lavfi.astats.Overall.RMS_level');
}

/**
 * Wall-clock times (ms) where the value rises above `threshold` from at or below it, over all the
 * files in order (each placed by its start), so that an onset at a segment's first frame is seen once.
 */
export async function placedOnsets(files: PlacedFile[], measure: (path: string) => Promise<Level[]>, threshold: number): Promise<number[]> {
  const placed: Level[] = [];
  for (const file of files) for (const level of await measure(file.path)) placed.push({ time: file.startedAt + level.time * 1000, value: level.value });
  placed.sort((a, b) => a.time - b.time);
  return placed.filter((level, i) => level.value > threshold && (i === 0 || placed[i - 1]!.value <= threshold)).map((level) => level.time);
}

/** Flashes: frames that turn brighter than mid grey. */
export const flashOnsets = (files: PlacedFile[]) => placedOnsets(files, pictureLevels, 128);
/** Beeps: 10 ms windows louder than −30 dBFS after quieter ones. */
export const beepOnsets = (files: PlacedFile[]) => placedOnsets(files, soundLevels, -30);

export interface SyncPair {
  /** Wall clock (ms) of the flash. */
  flash: number;
  /** Beep minus flash, ms (positive: the sound is late). */
  offsetMs: number;
}

/** Each beep paired with the nearest flash within half a period; flashes or beeps without a partner are left out. */
export function pairFlashesAndBeeps(flashes: number[], beeps: number[], periodMs: number): SyncPair[] {
  const pairs: SyncPair[] = [];
  for (const flash of flashes) {
    let best: number | undefined;
    for (const beep of beeps) if (Math.abs(beep - flash) < periodMs / 2 && (best === undefined || Math.abs(beep - flash) < Math.abs(best - flash))) best = beep;
    if (best !== undefined) pairs.push({ flash, offsetMs: best - flash });
  }
  return pairs;
}

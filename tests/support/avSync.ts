/**
 * Audio/video sync measured in recorded files (of the flash-and-beep source, ./syntheticMedia.ts):
 * each flash found in the video (a frame whose mean luma, ffmpeg's signalstats YAVG, jumps above mid
 * grey) and each beep in the audio (where ffmpeg's silencedetect says a silence ends), on the files'
 * own timestamps (-copyts: as stored), placed on the wall clock by each segment's recorded start, and
 * paired flash to beep.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One recorded segment file and where it starts on the wall clock (ms). */
export interface PlacedFile {
  path: string;
  startedAt: number;
}

/** Times (s, as stored in the file) of frames that turn bright after a dark one, the first frame included if bright. */
export async function flashTimes(path: string): Promise<number[]> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-copyts', '-i', path, '-map', '0:v:0', '-vf', 'signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-', '-f', 'null', '-'], {
    maxBuffer: 64 << 20,
  });
  const frames: { time: number; luma: number }[] = [];
  let time = Number.NaN;
  for (const line of stdout.split('\n')) {
    const at = /pts_time:(-?[\d.]+)/.exec(line);
    if (at) time = Number(at[1]);
    const luma = /lavfi\.signalstats\.YAVG=([\d.]+)/.exec(line);
    if (luma && Number.isFinite(time)) frames.push({ time, luma: Number(luma[1]) });
  }
  return frames.filter((frame, i) => frame.luma > 128 && (i === 0 || frames[i - 1]!.luma <= 128)).map((frame) => frame.time);
}

/** Times (s, as stored in the file) where sound starts after at least 50 ms of silence. */
export async function beepTimes(path: string): Promise<number[]> {
  const { stderr } = await run('ffmpeg', ['-v', 'info', '-nostats', '-copyts', '-i', path, '-map', '0:a:0', '-af', 'silencedetect=n=-30dB:d=0.05', '-f', 'null', '-'], { maxBuffer: 64 << 20 });
  return [...stderr.matchAll(/silence_end: (-?[\d.]+)/g)].map((match) => Number(match[1]));
}

/** Wall-clock times (ms) of the events `find` reports in each file, in order. */
export async function placedTimes(files: PlacedFile[], find: (path: string) => Promise<number[]>): Promise<number[]> {
  const times: number[] = [];
  for (const file of files) for (const seconds of await find(file.path)) times.push(file.startedAt + seconds * 1000);
  return times.sort((a, b) => a - b);
}

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

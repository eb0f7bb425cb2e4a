/**
 * A finished segment made final: remuxed (no re-encoding) into a seekable WebM with its duration and
 * cues, so that a browser can seek in it, then hashed. The live-written original is kept when the
 * remux fails, so nothing recorded is lost.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function run(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('close', (code) => resolve(code === 0));
  });
}

/** The duration ffprobe reads from a (finalized) WebM file, in seconds; 0 when unreadable. */
export function probeDuration(path: string, ffprobePath = 'ffprobe'): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(ffprobePath, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', () => resolve(0));
    child.once('close', () => {
      const seconds = Number.parseFloat(out.trim());
      resolve(Number.isFinite(seconds) ? seconds : 0);
    });
  });
}

/** The file name of the segment after `file` (`…-r0-00003.webm` → `…-r0-00004.webm`). */
export function nextSegmentFile(file: string): string {
  return file.replace(/-(\d{5})\.webm$/, (_, n: string) => `-${String(Number(n) + 1).padStart(5, '0')}.webm`);
}

/**
 * Resolves once FFmpeg has closed a segment it listed: when the next segment's file (`nextPath`)
 * exists, since the segment muxer closes one file before it opens the next, or when the process has
 * ended (`ended()`). Never hash a file before this: FFmpeg may still be writing its last cluster.
 */
export async function untilSegmentClosed(nextPath: string, ended: () => boolean, pollMs = 100): Promise<void> {
  while (!ended() && !existsSync(nextPath)) await new Promise((resolve) => setTimeout(resolve, pollMs));
}

/** Remuxes `path` in place (via a temporary file beside it); returns its size and sha256. */
export async function finalizeSegment(path: string, ffmpegPath = 'ffmpeg'): Promise<{ bytes: number; sha256: string }> {
  const temporary = `${path}.${process.pid}.remux`;
  const remuxed = await run(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-y', '-i', path, '-map', '0', '-c', 'copy', '-f', 'webm', temporary]);
  if (remuxed && (await stat(temporary)).size > 0) await rename(temporary, path);
  else await rm(temporary, { force: true });
  const { size } = await stat(path);
  return { bytes: size, sha256: await sha256OfFile(path) };
}

/** What ffprobe and ffmpeg say of recorded files: streams, duration, a decoded frame against a pattern. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function probe(path: string): Promise<{ codecs: string[]; duration: number }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', path]);
  const parsed = JSON.parse(stdout) as { streams?: { codec_name: string }[]; format?: { duration?: string } };
  return { codecs: (parsed.streams ?? []).map((s) => s.codec_name), duration: Number(parsed.format?.duration ?? 0) };
}

/** Decodes the whole file; resolves with ffmpeg's complaints (empty when it decodes cleanly). */
export async function decodeErrors(path: string): Promise<string> {
  const { stderr } = await run('ffmpeg', ['-v', 'error', '-i', path, '-f', 'null', '-']);
  return stderr.trim();
}

/** PSNR (dB) of the frame at `atSeconds` of `path` against the lavfi source `pattern` (same size). */
export async function psnrAgainst(path: string, pattern: string, atSeconds = 1): Promise<number> {
  const { stderr } = await run('ffmpeg', [
    '-hide_banner', '-ss', String(atSeconds), '-i', path, '-f', 'lavfi', '-i', pattern,
    '-filter_complex', '[0:v]format=yuv420p[a];[1:v]format=yuv420p[b];[a][b]psnr', '-frames:v', '1', '-f', 'null', '-',
  ]);
  const match = /average:(\S+)/.exec(stderr);
  return match ? (match[1] === 'inf' ? 99 : Number(match[1])) : 0;
}

/** Mean luma (0..255) of one decoded frame, written as a PNG on the way (`png`). */
export async function frameLuma(path: string, png: string, atSeconds = 1): Promise<number> {
  await run('ffmpeg', ['-v', 'error', '-y', '-ss', String(atSeconds), '-i', path, '-frames:v', '1', png]);
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', png, '-vf', 'format=gray,scale=1:1', '-f', 'rawvideo', '-'], { encoding: 'buffer' });
  return stdout[0] ?? 0;
}

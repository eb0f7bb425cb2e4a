/**
 * What the network tests read from a call between the halls: which way each transport's media goes
 * (the selected ICE candidate pair), and media that comes back after the network did.
 */
import { expect, type Page } from '@playwright/test';
import type { TransportPath } from '../../apps/web/src/lib/media/roomTransports';
import type { MediaSource } from '../../signaling/src/protocol/media';
import { received } from '../e2e/callHelpers';

/** The selected candidate pairs of the page's send and receive transports, once both have one. */
export async function transportPaths(page: Page): Promise<TransportPath[]> {
  let paths: TransportPath[] = [];
  await expect
    .poll(
      async () => {
        paths = await page.evaluate(async () => (window.vwindowDebug ? await window.vwindowDebug.transportPaths() : []));
        return paths.map((p) => p.direction).sort();
      },
      { message: `selected candidate pairs on ${page.url()}`, timeout: 10_000 },
    )
    .toEqual(['recv', 'send']);
  return paths;
}

/** One line per transport, for the report: `send tcp host → tcp host 10.77.0.1:40000`. */
export function describePaths(paths: TransportPath[]): string {
  return paths
    .map((p) => `${p.direction} ${p.local.protocol}${p.local.relayProtocol ? `/${p.local.relayProtocol}` : ''} ${p.local.candidateType} → ${p.remote.protocol} ${p.remote.candidateType} ${p.remote.address}:${p.remote.port}`)
    .join('; ');
}

/** How the hall's packets of `path` travel: `udp`, `tcp`, or `relay over udp|tcp|tls` (to TURN). */
export function hallSide(path: TransportPath): string {
  return path.local.candidateType === 'relay' ? `relay over ${path.local.relayProtocol ?? '?'}` : path.local.protocol;
}

/**
 * Resolves with the time (ms since `since`) at which `source` decodes new frames again on `page`: a
 * read higher than the read before it, both taken after `since` (a rejoin restarts the counters).
 */
export async function mediaBackAfter(page: Page, source: MediaSource, since: number, timeoutMs: number): Promise<number> {
  const field = source === 'microphone' ? 'packetsReceived' : 'framesDecoded';
  let previous: number | null = null;
  while (Date.now() - since < timeoutMs) {
    const now = await received(page, source, field);
    if (previous !== null && now > previous) return Date.now() - since;
    previous = now;
    await page.waitForTimeout(150);
  }
  throw new Error(`${source} did not come back on ${page.url()} within ${timeoutMs} ms`);
}

/** One read of the page's remote camera and microphone. */
export interface MediaSample {
  /** ms since the watch started. */
  at: number;
  framesDecoded: number;
  width: number;
  audioPackets: number;
}

/**
 * Samples the page's remote camera (frames decoded, frame width) and microphone (packets) every
 * 100 ms until `stop()`, which returns the samples.
 */
export async function watchMedia(page: Page): Promise<{ stop(): Promise<MediaSample[]> }> {
  await page.evaluate(() => {
    const started = performance.now();
    const samples: { at: number; framesDecoded: number; width: number; audioPackets: number }[] = [];
    const sample = async () => {
      const stats = window.vwindowDebug ? await window.vwindowDebug.inboundStats() : [];
      const camera = stats.filter((s) => s.source === 'camera');
      samples.push({
        at: Math.round(performance.now() - started),
        framesDecoded: camera.reduce((sum, s) => sum + s.framesDecoded, 0),
        width: Math.max(0, ...camera.map((s) => s.width)),
        audioPackets: stats.filter((s) => s.source === 'microphone').reduce((sum, s) => sum + s.packetsReceived, 0),
      });
    };
    const timer = setInterval(() => void sample(), 100);
    (window as unknown as { vwindowWatch: unknown }).vwindowWatch = { timer, samples };
  });
  return {
    stop: () =>
      page.evaluate(() => {
        const watch = (window as unknown as { vwindowWatch: { timer: ReturnType<typeof setInterval>; samples: MediaSample[] } }).vwindowWatch;
        clearInterval(watch.timer);
        return watch.samples;
      }),
  };
}

/** The longest time (ms) `field` stayed the same between `from` and `to` (ms of the watch). */
export function longestStall(samples: MediaSample[], field: 'framesDecoded' | 'audioPackets', from = 0, to = Infinity): number {
  let longest = 0;
  let since: number | null = null;
  let previous: number | null = null;
  for (const sample of samples) {
    if (sample.at < from || sample.at > to) continue;
    const value = sample[field];
    if (previous !== null && value > previous) since = sample.at;
    since ??= sample.at;
    longest = Math.max(longest, sample.at - since);
    previous = value;
  }
  return longest;
}

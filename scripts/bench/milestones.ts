/** The performance marks a page set (MediaRoom's `vwindow:*`), as epoch milliseconds. */
import type { BrowserContext, Page } from '@playwright/test';

/**
 * With BENCH_TRACE_PC set, each page of `context` marks when each of its RTCPeerConnection's
 * setRemoteDescription, createAnswer and setLocalDescription starts and when the page's script gets its
 * result (`pc:<op>:start:<n>`, `pc:<op>:end:<n>`): the SDP round of a consume, step by step.
 */
export async function tracePeerConnections(context: BrowserContext): Promise<void> {
  if (!process.env.BENCH_TRACE_PC) return;
  await context.addInitScript({
    content: `(() => {
      const proto = RTCPeerConnection.prototype;
      let n = 0;
      for (const op of ['setRemoteDescription', 'createAnswer', 'setLocalDescription']) {
        const original = proto[op];
        proto[op] = function (...args) {
          const id = ++n;
          performance.mark('vwindow:pc:' + op + ':start:' + id);
          const result = original.apply(this, args);
          result.then(() => performance.mark('vwindow:pc:' + op + ':end:' + id), () => undefined);
          return result;
        };
      }
    })();`,
  });
}

export async function pageMilestones(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() =>
    Object.fromEntries(
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('vwindow:'))
        .map((m) => [m.name.slice('vwindow:'.length), performance.timeOrigin + m.startTime]),
    ),
  );
}

/** Median offset of each milestone from each run's start, in ms, for a breakdown line. */
export function medianOffsets(runs: { start: number; marks: Record<string, number> }[]): Record<string, number> {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.marks)))];
  const result: Record<string, number> = {};
  for (const name of names) {
    const offsets = runs.filter((r) => name in r.marks).map((r) => r.marks[name]! - r.start).sort((a, b) => a - b);
    result[name] = Math.round(offsets[offsets.length >> 1]!);
  }
  return Object.fromEntries(Object.entries(result).sort((a, b) => a[1] - b[1]));
}

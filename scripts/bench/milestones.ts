/** The performance marks a page set (MediaRoom's `vwindow:*`), as epoch milliseconds. */
import type { Page } from '@playwright/test';

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

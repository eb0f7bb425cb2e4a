/** Nearest-rank percentiles and the summary lines the benchmark prints. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export interface Summary {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  /** A target for p95 in ms, or the row this one is compared with (its p95 as the reference). */
  target: number | { versus: Summary };
}

export function summarize(name: string, values: readonly number[], target: Summary['target']): Summary {
  return {
    name,
    runs: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    min: Math.min(...values),
    max: Math.max(...values),
    target,
  };
}

/** The target column and the ratio column of a row: against its target, or as a multiple of another row. */
function judged(r: Summary): [string, string] {
  if (typeof r.target === 'number') {
    const ratio = r.p95 / r.target;
    return [`≤ ${r.target}`, `${ratio.toFixed(2)} ${ratio <= 1 ? '✓' : '✗'}`];
  }
  const versus = r.target.versus;
  return [`${Math.round(versus.p95)} (${versus.name})`, `${(r.p95 / versus.p95).toFixed(2)}× that row`];
}

export function markdownTable(rows: readonly Summary[]): string {
  const lines = [
    '| measurement | runs | p50 (ms) | p95 (ms) | min | max | target p95 | p95 / target |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const [target, ratio] = judged(r);
    lines.push(`| ${r.name} | ${r.runs} | ${Math.round(r.p50)} | ${Math.round(r.p95)} | ${Math.round(r.min)} | ${Math.round(r.max)} | ${target} | ${ratio} |`);
  }
  return lines.join('\n');
}

/** Worker CPU ms per delivered Mbit, one row per worker, each as a ratio to the first row's median. */
export function workerCostTable(rows: readonly { label: string; values: readonly number[] }[]): string {
  const base = percentile(rows[0]?.values ?? [], 50);
  const lines = ['| worker | windows | CPU ms per delivered Mbit, p50 | min | max | ratio to first row |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    const p50 = percentile(r.values, 50);
    lines.push(`| ${r.label} | ${r.values.length} | ${p50.toFixed(2)} | ${Math.min(...r.values).toFixed(2)} | ${Math.max(...r.values).toFixed(2)} | ${(p50 / base).toFixed(2)} |`);
  }
  return lines.join('\n');
}

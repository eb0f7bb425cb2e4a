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
  target: number;
}

export function summarize(name: string, values: readonly number[], target: number): Summary {
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

export function markdownTable(rows: readonly Summary[]): string {
  const lines = [
    '| measurement | runs | p50 (ms) | p95 (ms) | min | max | target p95 | p95 / target |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const ratio = r.p95 / r.target;
    lines.push(`| ${r.name} | ${r.runs} | ${Math.round(r.p50)} | ${Math.round(r.p95)} | ${Math.round(r.min)} | ${Math.round(r.max)} | ≤ ${r.target} | ${ratio.toFixed(2)} ${ratio <= 1 ? '✓' : '✗'} |`);
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

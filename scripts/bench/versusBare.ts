/**
 * The benchmark's rows against bare mediasoup (callStart.ts, sessionCost.ts): each product figure with
 * its bare counterpart from the same alternating run, and their ratio against the targets
 * (call start p50 ≤ 1.0× and p95 ≤ 1.2× bare; worker CPU per delivered Mbit ≤ 1.1× bare).
 */
import { loadavg } from 'node:os';
import type { CallStartComparison } from './callStart';
import { percentile } from './percentiles';
import type { CostComparison, CostWindow } from './sessionCost';

/** The machine's 1-minute load average, for the line under each table. */
export function loadNow(): string {
  return loadavg()[0]!.toFixed(1);
}

function ratioCell(ratio: number, target: number): string {
  return `${ratio.toFixed(2)} ${ratio <= target ? '✓' : '✗'}`;
}

export function callStartTable(comparison: CallStartComparison): string {
  const bare50 = percentile(comparison.bare, 50);
  const bare95 = percentile(comparison.bare, 95);
  const lines = [
    '| measurement | runs | p50 (ms) | p95 (ms) | bare join → first frame p50 / p95 (ms) | p50 / bare (≤ 1.0) | p95 / bare (≤ 1.2) |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const side of ['local', 'home'] as const) {
    const values = comparison.product[side];
    const p50 = percentile(values, 50);
    const p95 = percentile(values, 95);
    lines.push(
      `| accept → first remote frame, ${side} side | ${values.length} | ${Math.round(p50)} | ${Math.round(p95)} | ${Math.round(bare50)} / ${Math.round(bare95)} | ${ratioCell(p50 / bare50, 1.0)} | ${ratioCell(p95 / bare95, 1.2)} |`,
    );
  }
  return lines.join('\n');
}

const median = (windows: CostWindow[], key: keyof CostWindow) => percentile(windows.map((w) => w[key]), 50);

export function sessionCostTable(comparison: CostComparison): string {
  const rows: { label: string; key: keyof CostWindow; digits: number; target?: number }[] = [
    { label: `delivered to the browsers and the recorders, Mbit/s (${comparison.sessions} calls)`, key: 'deliveredMbps', digits: 2 },
    { label: '… of which to the browsers', key: 'browsersMbps', digits: 2 },
    { label: '… of which to the recorders', key: 'recordersMbps', digits: 2 },
    { label: 'received from the browsers, Mbit/s', key: 'receivedMbps', digits: 2 },
    { label: 'mediasoup worker CPU, ms per delivered Mbit', key: 'workerCpuMsPerMbit', digits: 2, target: 1.1 },
    { label: 'mediasoup worker CPU, ms per Mbit received and delivered', key: 'workerCpuMsPerMbitThrough', digits: 2 },
    { label: 'Node CPU (server, and the bench driving the browsers), ms per delivered Mbit', key: 'nodeCpuMsPerMbit', digits: 2 },
    { label: 'Node RSS growth per call, MB', key: 'nodeRssMbPerSession', digits: 1 },
  ];
  const lines = ['| measurement | windows | product p50 | bare p50 | product / bare |', '|---|---|---|---|---|'];
  for (const row of rows) {
    const product = median(comparison.product, row.key);
    const bare = median(comparison.bare, row.key);
    const ratio = product / bare;
    const cell = row.target === undefined ? ratio.toFixed(2) : `${ratioCell(ratio, row.target)} (≤ ${row.target})`;
    lines.push(`| ${row.label} | ${comparison.product.length} | ${product.toFixed(row.digits)} | ${bare.toFixed(row.digits)} | ${cell} |`);
  }
  for (const failure of comparison.failed) lines.push(`\nnot measured: ${failure}`);
  return lines.join('\n');
}

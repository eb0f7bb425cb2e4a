import { describe, expect, it } from 'vitest';
import { markdownTable, percentile, summarize } from './percentiles';

describe('percentile (nearest rank)', () => {
  it('takes the value at the rank', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(10);
    expect(percentile(values, 95)).toBe(19);
    expect(percentile(values, 100)).toBe(20);
    expect(percentile([5], 95)).toBe(5);
  });
  it('summarizes', () => {
    expect(summarize('x', [3, 1, 2], 10)).toMatchObject({ runs: 3, p50: 2, p95: 3, min: 1, max: 3 });
  });
  it('prints a row against its target, and a row as a multiple of another', () => {
    const loopback = summarize('loopback', [100, 200], 300);
    const table = markdownTable([loopback, summarize('halls', [150, 300], { versus: loopback })]);
    expect(table).toContain('| loopback | 2 | 100 | 200 | 100 | 200 | ≤ 300 | 0.67 ✓ |');
    expect(table).toContain('| halls | 2 | 150 | 300 | 150 | 300 | 200 (loopback) | 1.50× that row |');
  });
});

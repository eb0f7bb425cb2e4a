import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './percentiles';

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
});

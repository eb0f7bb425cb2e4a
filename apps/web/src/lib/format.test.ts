import { describe, expect, it } from 'vitest';
import { formatElapsed, formatIsoDateTime } from './format';

describe('formatElapsed', () => {
  it('shows minutes and seconds, then hours', () => {
    expect(formatElapsed(0)).toBe('00:00');
    expect(formatElapsed(249_900)).toBe('04:09');
    expect(formatElapsed(3_849_000)).toBe('1:04:09');
  });

  it('never goes below zero when the browser clock is behind the server', () => {
    expect(formatElapsed(-3_000)).toBe('00:00');
  });
});

describe('formatIsoDateTime', () => {
  it('is Beijing time whatever the machine’s time zone', () => {
    expect(formatIsoDateTime('2026-03-07T01:05:00.000Z')).toBe('2026/03/07 09:05');
  });
});

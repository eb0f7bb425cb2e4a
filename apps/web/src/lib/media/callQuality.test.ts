import { describe, expect, it } from 'vitest';
import { qualityBetween, type StatsSample } from './callQuality';

const sample = (at: number, packetsReceived: number, packetsLost: number, bytesReceived: number, rttMs: number | null): StatsSample => ({
  at,
  packetsReceived,
  packetsLost,
  bytesReceived,
  rttMs,
});

describe('qualityBetween', () => {
  it('is good with low RTT and no loss, and computes the bitrate', () => {
    expect(qualityBetween(sample(0, 0, 0, 0, 20), sample(2000, 1000, 0, 250_000, 20))).toEqual({
      level: 'good',
      rttMs: 20,
      lossPercent: 0,
      bitrateKbps: 1000,
    });
  });
  it('is fair with some loss and poor with heavy loss or long RTT', () => {
    expect(qualityBetween(sample(0, 0, 0, 0, 50), sample(1000, 950, 50, 1, 50)).level).toBe('fair');
    expect(qualityBetween(sample(0, 0, 0, 0, 50), sample(1000, 800, 200, 1, 50)).level).toBe('poor');
    expect(qualityBetween(sample(0, 0, 0, 0, 600), sample(1000, 1000, 0, 1, 600)).level).toBe('poor');
  });
  it('is unknown when nothing arrived', () => {
    expect(qualityBetween(sample(0, 5, 0, 0, 10), sample(1000, 5, 0, 0, 10)).level).toBe('unknown');
  });
});

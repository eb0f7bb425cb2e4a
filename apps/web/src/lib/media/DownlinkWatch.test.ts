import { describe, expect, it } from 'vitest';
import { congestedBetween } from './DownlinkWatch';
import type { StatsSample } from './callQuality';

const sample = (at: number, packetsReceived: number, packetsLost: number): StatsSample => ({ at, packetsReceived, packetsLost, bytesReceived: 0, rttMs: null, videoWidths: {} });

describe('congestedBetween', () => {
  it('is congestion when many of the packets sent were lost', () => {
    expect(congestedBetween(sample(0, 1000, 5), sample(400, 1030, 25))).toBe(true);
  });

  it('is not for a few packets lost, however large their share', () => {
    expect(congestedBetween(sample(0, 1000, 0), sample(400, 1005, 7))).toBe(false);
  });

  it('is not for the usual loss of a busy link', () => {
    expect(congestedBetween(sample(0, 1000, 0), sample(400, 1100, 12))).toBe(false);
  });
});

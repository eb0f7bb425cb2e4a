import { describe, expect, it } from 'vitest';
import { congestedOver } from './DownlinkWatch';
import type { StatsSample } from './callQuality';

const sample = (at: number, packetsReceived: number, packetsLost: number): StatsSample => ({ at, packetsReceived, packetsLost, bytesReceived: 0, rttMs: null, videoWidths: {} });

describe('congestedOver', () => {
  it('is congestion when many of the packets sent were lost at every step', () => {
    expect(congestedOver([sample(0, 1000, 5), sample(200, 1015, 15), sample(400, 1030, 25)])).toBe(true);
  });

  it('is not for one burst of loss, however large', () => {
    expect(congestedOver([sample(0, 1000, 0), sample(200, 1010, 40), sample(400, 1050, 41)])).toBe(false);
  });

  it('is not for a few packets lost, however large their share', () => {
    expect(congestedOver([sample(0, 1000, 0), sample(200, 1002, 3), sample(400, 1005, 6)])).toBe(false);
  });

  it('is not for the usual loss of a busy link', () => {
    expect(congestedOver([sample(0, 1000, 0), sample(200, 1050, 6), sample(400, 1100, 12)])).toBe(false);
  });

  it('is not judged on fewer than three samples', () => {
    expect(congestedOver([sample(0, 1000, 0), sample(200, 1010, 40)])).toBe(false);
  });
});

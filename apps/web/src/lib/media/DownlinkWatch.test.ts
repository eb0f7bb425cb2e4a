import type { types } from 'mediasoup-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { congestedOver, relieveCongestion } from './DownlinkWatch';
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

describe('relieveCongestion', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** Just what the relief calls of the page's camera producer: the highest layer it may send, in order. */
  function camera() {
    const layers: number[] = [];
    const fake = { closed: false, setMaxSpatialLayer: vi.fn(async (layer: number) => void layers.push(layer)) };
    return { producer: fake as unknown as types.Producer, layers };
  }

  it('holds the camera at its smallest layer at once, for as long as the server holds what the page receives', async () => {
    const { producer, layers } = camera();
    expect(await relieveCongestion(producer, () => false, async () => ({ holdMs: 6000 }))).toEqual({ holdMs: 6000 });
    expect(layers).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(5_900);
    expect(layers).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(200);
    expect(layers).toEqual([0, 0, 2]);
  });

  it('sends every layer again at once when the server says the loss was another hall’s link', async () => {
    const { producer, layers } = camera();
    await relieveCongestion(producer, () => false, async () => ({ holdMs: 0, quietMs: 3500 }));
    expect(layers).toEqual([0, 2]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(layers).toEqual([0, 2]);
  });
});

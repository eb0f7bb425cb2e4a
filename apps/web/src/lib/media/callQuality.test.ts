import { describe, expect, it } from 'vitest';
import { qualityBetween, sampleStats, widestVideos, type StatsSample } from './callQuality';

const sample = (at: number, packetsReceived: number, packetsLost: number, bytesReceived: number, rttMs: number | null, videoWidths: Record<string, number> = {}): StatsSample => ({
  at,
  packetsReceived,
  packetsLost,
  bytesReceived,
  rttMs,
  videoWidths,
  audioJitterMs: null,
});

describe('qualityBetween', () => {
  it('is good with low RTT and no loss, and computes the bitrate', () => {
    expect(qualityBetween(sample(0, 0, 0, 0, 20), sample(2000, 1000, 0, 250_000, 20))).toEqual({
      level: 'good',
      reason: null,
      rttMs: 20,
      lossPercent: 0,
      bitrateKbps: 1000,
    });
  });
  it('is fair with some loss and poor with heavy loss or long RTT, and says which', () => {
    expect(qualityBetween(sample(0, 0, 0, 0, 50), sample(1000, 950, 50, 1, 50))).toMatchObject({ level: 'fair', reason: 'loss' });
    expect(qualityBetween(sample(0, 0, 0, 0, 50), sample(1000, 800, 200, 1, 50))).toMatchObject({ level: 'poor', reason: 'loss' });
    expect(qualityBetween(sample(0, 0, 0, 0, 600), sample(1000, 1000, 0, 1, 600))).toMatchObject({ level: 'poor', reason: 'delay' });
  });
  it('is unknown when nothing arrived yet, and an outage once media had been flowing', () => {
    expect(qualityBetween(sample(0, 5, 0, 0, 10), sample(1000, 5, 0, 0, 10)).level).toBe('unknown');
    expect(qualityBetween(sample(0, 5, 0, 0, 10), sample(1000, 5, 0, 0, 10), {}, true)).toMatchObject({ level: 'poor', reason: 'stalled' });
  });
  it('is at most fair when a video arrives at a lower layer than it did (a thin link), without loss', () => {
    const widest = widestVideos({}, sample(0, 0, 0, 0, 20, { camera: 640 }));
    expect(widest).toEqual({ camera: 640 });
    expect(qualityBetween(sample(0, 0, 0, 0, 20), sample(1000, 100, 0, 1, 20, { camera: 320 }), widest)).toMatchObject({ level: 'fair', reason: 'lowBandwidth' });
    expect(qualityBetween(sample(0, 0, 0, 0, 20), sample(1000, 100, 0, 1, 20, { camera: 640 }), widest)).toMatchObject({ level: 'good', reason: null });
    // A video the others never sent larger is not reduced.
    expect(qualityBetween(sample(0, 0, 0, 0, 20), sample(1000, 100, 0, 1, 20, { document: 1920 }), widest).level).toBe('good');
  });
});

describe('sampleStats', () => {
  const report = (probatorPackets: number) =>
    new Map<string, Record<string, unknown>>([
      ['v', { type: 'inbound-rtp', kind: 'video', mid: '0', packetsReceived: 100, packetsLost: 0, bytesReceived: 5000, frameWidth: 640, trackIdentifier: 'camera' }],
      ['p', { type: 'inbound-rtp', kind: 'video', mid: 'probator', packetsReceived: probatorPackets, packetsLost: probatorPackets, bytesReceived: probatorPackets * 1000 }],
    ]) as unknown as RTCStatsReport;

  it("leaves out the SFU's bandwidth probes, so a link down is an outage and not loss", () => {
    const before = sampleStats(report(10), 0);
    const after = sampleStats(report(60), 2000);
    expect(after).toMatchObject({ packetsReceived: 100, packetsLost: 0, bytesReceived: 5000, videoWidths: { camera: 640 } });
    expect(qualityBetween(before, after, {}, true)).toMatchObject({ level: 'poor', reason: 'stalled' });
  });
});

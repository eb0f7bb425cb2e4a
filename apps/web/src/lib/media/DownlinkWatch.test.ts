import { FakeMediaStreamTrack } from 'fake-mediastreamtrack';
import { Device, FakeHandler, testFakeParameters, type types } from 'mediasoup-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { congestedOver, congestionOver, delayedOver, relieveCongestion } from './DownlinkWatch';
import { holdCameraLayersDown, releaseCameraLayers } from './videoEncodings';
import type { StatsSample } from './callQuality';
import type { Relief } from '$shared';

const sample = (at: number, packetsReceived: number, packetsLost: number): StatsSample => ({ at, packetsReceived, packetsLost, bytesReceived: 0, rttMs: null, videoWidths: {}, audioJitterMs: null });

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

/**
 * Samples every 200 ms from 0: `jitters` the sound's jitter at each (ms), `rates` the bytes received
 * per ms in each step from one to the next; no packet lost.
 */
function delaySamples(jitters: (number | null)[], rates: number[]): StatsSample[] {
  let bytes = 0;
  return jitters.map((audioJitterMs, i) => {
    bytes += i === 0 ? 0 : (rates[i - 1] ?? 0) * 200;
    return { at: i * 200, packetsReceived: 1000 + i * 50, packetsLost: 0, bytesReceived: bytes, rttMs: null, videoWidths: {}, audioJitterMs };
  });
}

describe('delayedOver', () => {
  const usual = [3, 5, 4, 6, 4, 5];
  const steady = Array(7).fill(80);
  const slower = [80, 80, 80, 80, 80, 40, 35];

  it('is delay when the sound jitters well over its usual in the last two samples and less arrives', () => {
    expect(delayedOver(delaySamples([...usual, 14, 18], slower))).toBe(true);
  });

  it('is not when as much arrives as before (this machine too busy to take its packets in on time)', () => {
    expect(delayedOver(delaySamples([...usual, 14, 18], steady))).toBe(false);
  });

  it('is not for one jittery sample, nor for jitter that is usual on this link', () => {
    expect(delayedOver(delaySamples([...usual, 4, 18], slower))).toBe(false);
    expect(delayedOver(delaySamples([12, 14, 13, 15, 12, 14, 16, 17], slower))).toBe(false);
  });

  it('is not judged without a usual to compare with, nor without sound', () => {
    expect(delayedOver(delaySamples([4, 5, 14, 18], [80, 40, 35]))).toBe(false);
    expect(delayedOver(delaySamples([...usual, null, null], slower))).toBe(false);
  });
});

describe('congestionOver', () => {
  it('says loss before delay, and nothing for a link that carries what it is sent', () => {
    const lossy = [sample(0, 1000, 5), sample(200, 1015, 15), sample(400, 1030, 25)].map((s) => ({ ...s, audioJitterMs: 30 }));
    expect(congestionOver(lossy, 400)).toBe('loss');
    const delayed = delaySamples([3, 5, 4, 6, 4, 5, 14, 18], [80, 80, 80, 80, 80, 40, 35]);
    expect(congestionOver(delayed, 1400)).toBe('delay');
    expect(congestionOver(delaySamples([3, 5, 4, 6, 4, 5, 4, 5], Array(7).fill(80)), 1400)).toBeNull();
  });
});

describe('relieveCongestion', () => {
  afterEach(() => vi.useRealTimers());

  /**
   * A camera producer of mediasoup-client's own (its FakeHandler in place of a browser's peer
   * connection), sending all its layers, as in a call.
   */
  async function camera(): Promise<types.Producer> {
    const device = new Device({ handlerFactory: FakeHandler.createFactory(testFakeParameters) });
    await device.load({ routerRtpCapabilities: testFakeParameters.generateRouterRtpCapabilities() });
    const transport = device.createSendTransport(testFakeParameters.generateTransportRemoteParameters());
    transport.on('connect', (_parameters, done) => done());
    transport.on('produce', (_parameters, done) => done({ id: crypto.randomUUID() }));
    const producer = await transport.produce({ track: new FakeMediaStreamTrack({ kind: 'video' }), encodings: [{}, {}, {}] });
    await producer.setMaxSpatialLayer(2);
    vi.useFakeTimers();
    return producer;
  }

  it('holds the camera at its smallest layer at once, for as long as the server holds what the page receives', async () => {
    const producer = await camera();
    expect(await relieveCongestion(producer, () => false, async () => ({ holdMs: 6000 }))).toEqual({ holdMs: 6000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(producer.maxSpatialLayer).toBe(0);
    await vi.advanceTimersByTimeAsync(5_900);
    expect(producer.maxSpatialLayer).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(producer.maxSpatialLayer).toBe(2);
  });

  it('sends every layer again at once when the server says the loss was another hall’s link', async () => {
    const producer = await camera();
    await relieveCongestion(producer, () => false, async () => ({ holdMs: 0, quietMs: 3500 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(producer.maxSpatialLayer).toBe(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(producer.maxSpatialLayer).toBe(2);
  });

  it('sends every layer again when the answer comes before the hold is applied', async () => {
    // mediasoup-client notes a producer's new layer only once applied, and takes a request for the
    // layer it still notes as done: the release was lost and the camera stayed small for the call.
    const producer = await camera();
    holdCameraLayersDown(producer, 3000, () => true);
    releaseCameraLayers(producer, () => true);
    await vi.advanceTimersByTimeAsync(0);
    expect(producer.maxSpatialLayer).toBe(2);
  });

  it('for delay, holds the camera only once the server has held what the page receives, and not for another hall’s link', async () => {
    const producer = await camera();
    let answer: (relief: Relief) => void = () => undefined;
    const relieved = relieveCongestion(producer, () => false, () => new Promise<Relief>((resolve) => (answer = resolve)), 'delay');
    await vi.advanceTimersByTimeAsync(0);
    expect(producer.maxSpatialLayer).toBe(2);
    answer({ holdMs: 3000 });
    await relieved;
    await vi.advanceTimersByTimeAsync(0);
    expect(producer.maxSpatialLayer).toBe(0);
    await vi.advanceTimersByTimeAsync(3_100);
    expect(producer.maxSpatialLayer).toBe(2);
    await relieveCongestion(producer, () => false, async () => ({ holdMs: 0, quietMs: 3500 }), 'delay');
    await vi.advanceTimersByTimeAsync(0);
    expect(producer.maxSpatialLayer).toBe(2);
  });

  it('does not hold the camera on standby, which keeps to its own layer', async () => {
    const producer = await camera();
    await relieveCongestion(producer, () => true, async () => ({ holdMs: 3000 }));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(producer.maxSpatialLayer).toBe(2);
  });
});

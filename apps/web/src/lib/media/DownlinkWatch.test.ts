import { FakeMediaStreamTrack } from 'fake-mediastreamtrack';
import { Device, FakeHandler, testFakeParameters, type types } from 'mediasoup-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { congestedOver, relieveCongestion } from './DownlinkWatch';
import { holdCameraLayersDown, releaseCameraLayers } from './videoEncodings';
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

  it('does not hold the camera on standby, which keeps to its own layer', async () => {
    const producer = await camera();
    await relieveCongestion(producer, () => true, async () => ({ holdMs: 3000 }));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(producer.maxSpatialLayer).toBe(2);
  });
});

/**
 * The tab's mediasoup-client Device. Loading one costs a throwaway RTCPeerConnection and an SDP offer
 * (50–100 ms here), and every router offers the same capabilities, so a tab loads it once, with
 * `roomDevice()`, whichever room it joins first (a home console's standby room, a session's).
 */
import { Device, type types } from 'mediasoup-client';
import type { SignalingClient } from '../signaling/SignalingClient';

let prepared: { key: string; device: Promise<Device> } | null = null;

/** Loads the device for `routerRtpCapabilities`, or returns the one already loaded for them. */
function deviceFor(routerRtpCapabilities: unknown): Promise<Device> {
  const key = JSON.stringify(routerRtpCapabilities);
  if (prepared?.key === key) return prepared.device;
  const device = (async () => {
    const loading = new Device();
    await loading.load({ routerRtpCapabilities: routerRtpCapabilities as types.RtpCapabilities });
    return loading;
  })();
  const entry = { key, device };
  prepared = entry;
  // A failed load is not kept: the next call tries again.
  device.catch(() => {
    if (prepared === entry) prepared = null;
  });
  return device;
}

/** The device for this server's routers: the one prepared, or loaded now from what the server says they offer. */
export async function roomDevice(signaling: SignalingClient): Promise<Device> {
  if (prepared) return prepared.device;
  await signaling.ready();
  const { routerRtpCapabilities } = await signaling.request('media.capabilities', {});
  return deviceFor(routerRtpCapabilities);
}

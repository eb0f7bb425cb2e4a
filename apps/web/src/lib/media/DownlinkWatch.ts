/**
 * Watches what this browser receives for a link that suddenly carries much less than it is sent: many
 * packets lost in each of two 0.2 s steps. It then tells the server at once ('downlink.congested'), which
 * sends the smallest camera layers for a while (signaling's rooms/DownlinkRelief.ts) instead of waiting
 * the 3–5 s its bandwidth estimate takes to follow, during which the picture would freeze.
 */
import type { types } from 'mediasoup-client';
import type { Relief } from '$shared';
import { sampleStats, type StatsSample } from './callQuality';
import { holdCameraLayersDown, releaseCameraLayers } from './videoEncodings';

const SAMPLE_EVERY_MS = 200;
/** Loss is judged over the last three samples (two steps), when they span at most this long… */
const WINDOW_MS = 600;
/**
 * …and counts as congestion when each step lost this many packets and this share of those sent: a
 * link's queue overflowing loses far more, all the time; a busy link that still carries what it is
 * sent a few percent; a moment when this machine could not take its packets in, one burst.
 */
const MIN_LOST_PER_STEP = 4;
const LOST_SHARE = 0.12;

/** How long this browser sends only its smallest camera layer when its link is found congested (at least). */
const CAMERA_HOLD_MS = 3000;

/** Whether the packets lost between two samples are many, and a large share of those sent. */
function lossyBetween(previous: StatsSample, current: StatsSample): boolean {
  const lost = current.packetsLost - previous.packetsLost;
  const received = current.packetsReceived - previous.packetsReceived;
  return lost >= MIN_LOST_PER_STEP && lost >= (lost + received) * LOST_SHARE;
}

/** Whether samples taken one after the other say the link is congested: much lost at every step. */
export function congestedOver(samples: readonly StatsSample[]): boolean {
  if (samples.length < 3) return false;
  return samples.slice(1).every((sample, i) => lossyBetween(samples[i]!, sample));
}

export class DownlinkWatch {
  #timer: ReturnType<typeof setInterval> | undefined;
  #samples: StatsSample[] = [];
  /** Not told again before this (performance.now()): the server holds the layers down meanwhile. */
  #quietUntil = 0;
  #lastReceived = 0;

  /**
   * Samples `stats()` (null: nothing to sample now) from now on and calls `congested()` when the link
   * is; it answers how long the server holds the layers down.
   */
  start(stats: () => Promise<RTCStatsReport> | null, congested: () => Promise<Relief>): void {
    this.stop();
    this.#timer = setInterval(async () => {
      const report = stats();
      if (!report) return;
      const now = performance.now();
      const sample = sampleStats(await report, now);
      // Nothing arrived since the last sample (a link down, or nothing sent): the packets counted lost
      // when it comes back are the outage's, not congestion, so judging starts again after it.
      const flowing = sample.packetsReceived > this.#lastReceived;
      this.#lastReceived = sample.packetsReceived;
      this.#samples = flowing ? [...this.#samples.slice(-2), sample].filter((s) => now - s.at <= WINDOW_MS) : [];
      if (now < this.#quietUntil || !congestedOver(this.#samples)) return;
      this.#quietUntil = Infinity;
      try {
        const { holdMs, quietMs = 0 } = await congested();
        this.#quietUntil = performance.now() + Math.max(holdMs, quietMs);
      } catch {
        // Not in the room any more (a rejoin under way): the next sample tells again if need be.
        this.#quietUntil = 0;
      }
      this.#samples = [];
    }, SAMPLE_EVERY_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#samples = [];
    this.#quietUntil = 0;
    this.#lastReceived = 0;
  }
}

/**
 * What a page does when its link is congested: its own `camera` (unless on standby, which has its own
 * layers) sends only the smallest layer at once, for as long as the server holds down what it
 * receives; `report()` tells the server (downlink.congested). When the server answers that the loss
 * was another hall's link (`quietMs`, nothing held down), the camera sends all its layers again at once.
 */
export async function relieveCongestion(camera: types.Producer | undefined, standby: () => boolean, report: () => Promise<Relief>): Promise<Relief> {
  const holdCamera = (ms: number) => {
    if (camera && !camera.closed && !standby()) holdCameraLayersDown(camera, ms, () => !standby());
  };
  holdCamera(CAMERA_HOLD_MS);
  const relief = await report();
  if (relief.holdMs > CAMERA_HOLD_MS) holdCamera(relief.holdMs);
  else if (relief.holdMs === 0 && relief.quietMs !== undefined && camera) releaseCameraLayers(camera, () => !standby());
  return relief;
}

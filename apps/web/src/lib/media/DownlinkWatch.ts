/**
 * Watches what this browser receives for a link that suddenly carries much less than it is sent: many
 * packets lost in each of two 0.2 s steps, or, earlier, its queue filling (everything received ever
 * later, and less of it). It then tells the server at once ('downlink.congested'), which sends the
 * smallest camera layers for a while (signaling's rooms/DownlinkRelief.ts) instead of waiting the 3–5 s
 * its bandwidth estimate takes to follow, during which the picture would freeze.
 */
import type { types } from 'mediasoup-client';
import type { CongestionSign, Relief } from '$shared';
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

/**
 * A link's queue that starts to fill delays each packet more than the one before, about half a second
 * before it overflows and loses them (400 kbit/s with a 400 ms queue, here): the jitter of the sound
 * received (RFC 3550, which leaves out the gaps of silence) rises, and less arrives than before. Delay
 * counts when the last two samples' jitter are both at least DELAY_JITTER_MS and DELAY_RISE_MS over the
 * usual (the median of at least BASELINE_SAMPLES samples older than WINDOW_MS, up to HISTORY_MS back),
 * and the bytes received over the last two steps came at most DELAY_RATE_SHARE of the usual rate (this
 * machine too busy to take its packets in delays them as well, but then they come all the same).
 */
const DELAY_JITTER_MS = 10;
const DELAY_RISE_MS = 6;
const DELAY_RATE_SHARE = 0.7;
const BASELINE_SAMPLES = 4;
const HISTORY_MS = 2_400;

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

/** Bytes received per ms from `from` to `to`. */
function rateBetween(from: StatsSample, to: StatsSample): number {
  return (to.bytesReceived - from.bytesReceived) / Math.max(1, to.at - from.at);
}

/** Whether samples taken one after the other (over HISTORY_MS) say a queue fills on the way (see above). */
export function delayedOver(samples: readonly StatsSample[]): boolean {
  const last = samples.at(-1);
  const stepsBack = samples.at(-3);
  if (!last || !stepsBack) return false;
  const usual = samples.filter((sample) => last.at - sample.at > WINDOW_MS);
  if (usual.length < BASELINE_SAMPLES) return false;
  const jitters = usual.map((sample) => sample.audioJitterMs ?? Infinity).sort((a, b) => a - b);
  const median = jitters[Math.floor(jitters.length / 2)]!;
  const jittery = samples.slice(-2).every(({ audioJitterMs }) => audioJitterMs !== null && audioJitterMs >= Math.max(DELAY_JITTER_MS, median + DELAY_RISE_MS));
  return jittery && rateBetween(stepsBack, last) <= DELAY_RATE_SHARE * rateBetween(usual[0]!, usual.at(-1)!);
}

/** What, if anything, samples taken one after the other say of the link: loss first, then delay. */
export function congestionOver(samples: readonly StatsSample[], now: number): CongestionSign | null {
  if (congestedOver(samples.filter((sample) => now - sample.at <= WINDOW_MS).slice(-3))) return 'loss';
  return delayedOver(samples) ? 'delay' : null;
}

export class DownlinkWatch {
  #timer: ReturnType<typeof setInterval> | undefined;
  #samples: StatsSample[] = [];
  /** Not told again before this (performance.now()): the server holds the layers down meanwhile. */
  #quietUntil = 0;
  #lastReceived = 0;

  /**
   * Samples `stats()` (null: nothing to sample now) from now on and calls `congested()` with what it
   * found when the link is congested; it answers how long the server holds the layers down.
   */
  start(stats: () => Promise<RTCStatsReport> | null, congested: (sign: CongestionSign) => Promise<Relief>): void {
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
      this.#samples = flowing ? [...this.#samples, sample].filter((s) => now - s.at <= HISTORY_MS) : [];
      const sign = now < this.#quietUntil ? null : congestionOver(this.#samples, now);
      if (!sign) return;
      this.#quietUntil = Infinity;
      try {
        const { holdMs, quietMs = 0 } = await congested(sign);
        this.#quietUntil = performance.now() + Math.max(holdMs, quietMs);
        // The samples stay: once quiet ends, a larger layer that fills the link again is told from
        // the usual of the smaller one.
      } catch {
        // Not in the room any more (a rejoin under way): the next samples tell again if need be.
        this.#quietUntil = 0;
        this.#samples = [];
      }
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
 * Delay alone (`sign`) leaves the camera as it is until the server has answered, and then holds it
 * only if the server held what the page receives: delay is found before any loss, and is as often
 * another hall's uplink.
 */
export async function relieveCongestion(camera: types.Producer | undefined, standby: () => boolean, report: () => Promise<Relief>, sign: CongestionSign = 'loss'): Promise<Relief> {
  const holdCamera = (ms: number) => {
    if (camera && !camera.closed && !standby()) holdCameraLayersDown(camera, ms, () => !standby());
  };
  if (sign === 'loss') holdCamera(CAMERA_HOLD_MS);
  const relief = await report();
  if (relief.holdMs > 0 && (sign === 'delay' || relief.holdMs > CAMERA_HOLD_MS)) holdCamera(Math.max(relief.holdMs, CAMERA_HOLD_MS));
  else if (relief.holdMs === 0 && relief.quietMs !== undefined && camera && sign === 'loss') releaseCameraLayers(camera, () => !standby());
  return relief;
}

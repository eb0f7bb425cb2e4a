/**
 * The call's connection quality, sampled from the receiving transport's WebRTC stats every two
 * seconds while the call is connected (see callQuality.ts for how a level and its reason are judged).
 */
import { qualityBetween, sampleStats, unknownQuality, widestVideos, type CallQuality, type StatsSample } from './callQuality';

const SAMPLE_EVERY_MS = 2000;

export class QualityMeter {
  quality = $state<CallQuality>(unknownQuality);
  #timer: ReturnType<typeof setInterval> | undefined;
  #last: StatsSample | null = null;
  /** The widest each remote video has been since the start. */
  #widest: Record<string, number> = {};
  /** Media has arrived since the start: nothing arriving now is an outage, not a call still starting. */
  #flowing = false;

  /**
   * Samples `stats()` from now on (null: nothing to sample now), replacing what was sampled before.
   * `expectingMedia()`: the other side sends something now (not everything of theirs muted).
   */
  start(stats: () => Promise<RTCStatsReport> | null, expectingMedia: () => boolean): void {
    this.stop();
    this.#timer = setInterval(async () => {
      const report = stats();
      if (!report) return;
      const sample = sampleStats(await report, performance.now());
      if (this.#last) this.quality = qualityBetween(this.#last, sample, this.#widest, this.#flowing && expectingMedia());
      this.#flowing ||= sample.packetsReceived > 0;
      this.#widest = widestVideos(this.#widest, sample);
      this.#last = sample;
    }, SAMPLE_EVERY_MS);
  }

  /** Stops sampling; the quality is unknown until the next start. */
  stop(): void {
    clearInterval(this.#timer);
    this.#last = null;
    this.#widest = {};
    this.#flowing = false;
    this.quality = unknownQuality;
  }
}

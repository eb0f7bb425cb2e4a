/**
 * The call's connection quality, sampled from the receiving transport's WebRTC stats every two
 * seconds while the call is connected (see callQuality.ts for how a level is judged).
 */
import { qualityBetween, sampleStats, unknownQuality, type CallQuality, type StatsSample } from './callQuality';

const SAMPLE_EVERY_MS = 2000;

export class QualityMeter {
  quality = $state<CallQuality>(unknownQuality);
  #timer: ReturnType<typeof setInterval> | undefined;
  #last: StatsSample | null = null;

  /** Samples `stats()` from now on (null: nothing to sample now), replacing what was sampled before. */
  start(stats: () => Promise<RTCStatsReport> | null): void {
    this.stop();
    this.#timer = setInterval(async () => {
      const report = stats();
      if (!report) return;
      const sample = sampleStats(await report, performance.now());
      if (this.#last) this.quality = qualityBetween(this.#last, sample);
      this.#last = sample;
    }, SAMPLE_EVERY_MS);
  }

  /** Stops sampling; the quality is unknown until the next start. */
  stop(): void {
    clearInterval(this.#timer);
    this.#last = null;
    this.quality = unknownQuality;
  }
}

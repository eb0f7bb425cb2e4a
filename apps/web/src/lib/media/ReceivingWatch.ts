/**
 * What a page in a room watches of what it receives while it is joined, both from its receiving
 * transport's statistics: the call's quality shown to the clerk (QualityMeter) and a downlink that
 * carries less than it is sent (DownlinkWatch). Started when the transports are open, stopped when
 * they close.
 */
import type { types } from 'mediasoup-client';
import type { CallQuality } from './callQuality';
import type { CongestionSign, Relief } from '$shared';
import { DownlinkWatch } from './DownlinkWatch';
import { QualityMeter } from './QualityMeter.svelte';

export class ReceivingWatch {
  readonly #meter = new QualityMeter();
  readonly #downlink = new DownlinkWatch();

  /** Reactive: read from the meter's state. */
  get quality(): CallQuality {
    return this.#meter.quality;
  }

  /**
   * Watches `recv()` (null or closed: nothing to sample now). `expectingMedia()`: the other side sends
   * something now; `congested(sign)` tells the server what was found and answers how long it holds the layers down.
   */
  start(recv: () => types.Transport | null, expectingMedia: () => boolean, congested: (sign: CongestionSign) => Promise<Relief>): void {
    const stats = () => {
      const transport = recv();
      return transport && !transport.closed ? transport.getStats() : null;
    };
    this.#meter.start(stats, expectingMedia);
    this.#downlink.start(stats, congested);
  }

  stop(): void {
    this.#meter.stop();
    this.#downlink.stop();
  }
}

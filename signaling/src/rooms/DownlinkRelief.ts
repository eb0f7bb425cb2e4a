/**
 * A browser whose link suddenly carries much less than it is sent says so ('downlink.congested': what
 * it receives loses many packets, or comes ever later as the link's queue fills), or the server finds
 * it first from what it loses of the browser's camera (uplinkLoss.ts). The worker's bandwidth
 * estimate follows such a drop only in 3–5 s, and meanwhile the picture freezes: so the peer's
 * simulcast consumers go down to their smallest layer at once. After a hold without another report, if the estimate (which probes for more meanwhile)
 * has room for the next layer, they may go one layer higher, and after another the estimate alone
 * chooses again; while it has no room the hold goes on, so that a link still thin is not tried with a
 * larger layer. Another report starts the hold again from the smallest layer. A hold ends early once
 * the estimate has had room for the next layer for a while. The estimate says what the link carried
 * before until it has followed the drop: its room counts once it has fallen short of that room, or
 * ESTIMATE_FOLLOWS_MS after the report.
 */
import type { types } from 'mediasoup';
import type { Logger } from '../logger';
import { CAMERA_LAYER_MAX_BITRATES, type Relief } from '../protocol';
import type { Peer } from './Peer';

/** How long each layer is held, from a report on. */
export const HOLD_MS = 3_000;
/**
 * How long nothing of the held cameras is sent before the smallest layer (#drain): a queue that
 * overflowed (loss) holds its whole length (400 ms here) and the retransmissions; one found filling
 * (delay, before any loss) holds less, and the smallest layer's keyframe, asked for at the end, takes
 * 50–200 ms to come, meanwhile the queue goes on emptying.
 */
const DRAIN_MS: Record<CongestionFinder, number> = { browser: 300, uplink: 300, delay: 100 };
/**
 * During a hold the estimate is read this often; room for the next layer (#roomForNext) in ROOMY_READS
 * reads in a row (a probe's passing overestimate is not enough) ends it, from EARLY_AFTER_MS into it.
 */
const ESTIMATE_EVERY_MS = 500;
const ROOM_BPS = 1_000_000;
const ROOMY_READS = 3;
const EARLY_AFTER_MS = 1_500;
/** The next layer's room: this many times its highest bitrate (see #roomForNext). */
const NEXT_LAYER_ROOM = 1.5;
/**
 * A layer is held this many times in a row at most for want of room; then the next one is tried
 * anyway: the estimate may settle between what the next layer needs and its room, where the worker
 * alone would choose it (in one run it read 714 kbit/s from 3 s into a 400 kbit/s limit until after
 * the lift).
 */
const MOST_HOLDS = 4;
/**
 * How long the worker's estimate may still say what a link carried before it thinned. In the network
 * tests it fell below the middle layer's room 1.5–2.5 s after the relief; a 400 kbit/s limit was found
 * 0.5–1.2 s after it began (congestedLinks.ts), and a step up on the old estimate froze the picture
 * again for 2.8 s.
 */
export const ESTIMATE_FOLLOWS_MS = 4_000;

/**
 * Who found the congestion: the browser from loss ('browser') or delay ('delay') in what it receives
 * (downlink.congested), or the server from its uplink (uplinkLoss.ts).
 */
export type CongestionFinder = 'browser' | 'delay' | 'uplink';

interface Held {
  consumer: types.Consumer;
  /** Its preferred layers before the relief, given back at the end. */
  preferred: types.ConsumerLayers | undefined;
}

export class DownlinkRelief {
  readonly #consumers: () => types.Consumer[];
  readonly #estimate: () => Promise<number | undefined>;
  readonly #reported: (relief: Relief, by: CongestionFinder) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #watch: ReturnType<typeof setInterval> | undefined;
  /** Counts the holds ended (#stopTimers), so that a hold's timers know whether it still goes on. */
  #hold = 0;
  #held = new Map<string, Held>();
  /** The highest spatial layer allowed now. */
  #ceiling = 0;
  readonly #holdMs: number;
  /** When the current hold at the smallest layer began (Date.now(); Infinity while its queue empties). */
  #smallestSince = -Infinity;
  /** Whether the estimate has fallen short of the next layer's room since this congestion was found. */
  #estimateFell = false;
  /** From when (Date.now()) the estimate's room counts though it never fell short. */
  #estimateTrustedFrom = 0;
  readonly #estimateFollowsMs: number;
  #closed = false;

  /**
   * `consumers()`: the peer's consumers now; `estimate()`: the worker's estimate towards it (bit/s);
   * `reported`: told of each report's relief.
   */
  constructor(options: {
    consumers: () => types.Consumer[];
    estimate: () => Promise<number | undefined>;
    reported?: (relief: Relief, by: CongestionFinder) => void;
    holdMs?: number;
    estimateFollowsMs?: number;
  }) {
    this.#consumers = options.consumers;
    this.#estimate = options.estimate;
    this.#reported = options.reported ?? (() => undefined);
    this.#holdMs = options.holdMs ?? HOLD_MS;
    this.#estimateFollowsMs = options.estimateFollowsMs ?? ESTIMATE_FOLLOWS_MS;
  }

  /**
   * The link to the peer's browser is congested (`by` the browser's report, or the server's finding of
   * its uplink's loss): its simulcast consumers to their smallest layer for a hold. Told again while
   * a hold at the smallest layer goes on (the browser's report of what the server found already), the
   * hold only starts again: the consumers are not paused once more.
   */
  async congested(by: CongestionFinder = 'browser'): Promise<Relief> {
    if (this.#closed) return { holdMs: 0 };
    const holding = this.#ceiling === 0 && Date.now() - this.#smallestSince < this.#holdMs;
    for (const consumer of this.#consumers()) {
      if (consumer.type === 'simulcast' && !consumer.closed && !this.#held.has(consumer.id)) this.#held.set(consumer.id, { consumer, preferred: consumer.preferredLayers });
    }
    this.#ceiling = 0;
    this.#stopTimers();
    if (!holding) {
      // Infinity while the link's queue empties: a report meanwhile is of the same congestion.
      this.#smallestSince = Infinity;
      this.#estimateFell = false;
      this.#estimateTrustedFrom = Date.now() + this.#estimateFollowsMs;
    }
    await Promise.all([this.#apply(), holding ? undefined : this.#drain(DRAIN_MS[by])]);
    if (this.#closed) return { holdMs: 0 };
    // The hold counts from when the smallest layer is sent (a report during the emptying leaves that to its caller).
    if (!holding || this.#smallestSince !== Infinity) this.#smallestSince = Date.now();
    this.#schedule();
    const relief = { holdMs: this.#holdMs };
    this.#reported(relief, by);
    return relief;
  }

  /**
   * A hold at the current ceiling: it ends after holdMs if the estimate then has room for the next
   * layer (or is not known), else it goes on for another holdMs, up to MOST_HOLDS in all; it ends
   * sooner once the estimate has had that room for ROOMY_READS reads in a row, from EARLY_AFTER_MS
   * into it.
   */
  #schedule(): void {
    this.#stopTimers();
    const hold = this.#hold;
    const startedAt = Date.now();
    let holds = 1;
    const holdEnded = async () => {
      const bps = await this.#estimate().catch(() => undefined);
      if (this.#hold !== hold) return;
      if (bps === undefined || this.#roomForNext(bps) || holds >= MOST_HOLDS) await this.#step();
      else {
        holds += 1;
        this.#timer = setTimeout(() => void holdEnded(), this.#holdMs);
      }
    };
    this.#timer = setTimeout(() => void holdEnded(), this.#holdMs);
    let roomy = 0;
    this.#watch = setInterval(() => {
      void this.#estimate()
        .catch(() => undefined)
        .then(async (bps) => {
          roomy = bps !== undefined && this.#roomForNext(bps) ? roomy + 1 : 0;
          // Still this hold (not ended, nor another begun meanwhile).
          if (roomy >= ROOMY_READS && Date.now() - startedAt >= EARLY_AFTER_MS && this.#hold === hold) await this.#step();
        });
    }, ESTIMATE_EVERY_MS);
  }

  /**
   * Whether an estimate of `bps` has room for the layer above the ceiling: NEXT_LAYER_ROOM times its
   * highest bitrate, or ROOM_BPS, room for any layer (the worker then chooses within the estimate). A
   * link still thin is not tried with a larger layer: that would freeze the picture again, and
   * mediasoup, having lowered a layer for bandwidth, tries no higher one for 10 s, which would keep the
   * upper layers away long after the link is back. Nor is room counted that the estimate has not yet
   * taken back (ESTIMATE_FOLLOWS_MS).
   */
  #roomForNext(bps: number): boolean {
    const next = CAMERA_LAYER_MAX_BITRATES[this.#ceiling + 1];
    if (next === undefined) return true;
    if (bps < Math.min(ROOM_BPS, next * NEXT_LAYER_ROOM)) {
      this.#estimateFell = true;
      return false;
    }
    return this.#estimateFell || Date.now() >= this.#estimateTrustedFrom;
  }

  #stopTimers(): void {
    this.#hold++;
    clearTimeout(this.#timer);
    clearInterval(this.#watch);
    this.#timer = undefined;
    this.#watch = undefined;
  }

  /** A hold ended (or the link has room again): one layer more, or the estimate's choice after the top. */
  async #step(): Promise<void> {
    this.#stopTimers();
    this.#ceiling += 1;
    const top = Math.max(0, ...[...this.#held.values()].map(({ preferred }) => preferred?.spatialLayer ?? 0));
    if (this.#ceiling < top) this.#schedule();
    await this.#apply();
    if (this.#ceiling >= top) this.#held.clear();
  }

  /** Each held consumer at the ceiling, or at its own preferred layers if those are lower. */
  async #apply(): Promise<void> {
    await Promise.all(
      [...this.#held.values()]
        .filter(({ consumer, preferred }) => !consumer.closed && preferred)
        .map(({ consumer, preferred }) => {
          const layers = preferred && preferred.spatialLayer <= this.#ceiling ? preferred : { spatialLayer: this.#ceiling };
          return consumer.setPreferredLayers(layers).catch(() => undefined);
        }),
    );
  }

  /**
   * Sends nothing of the held consumers for `ms`: the link's queue, full of the larger layer and
   * its retransmissions, empties, and the smallest layer's keyframe (asked for on resuming) gets through.
   */
  async #drain(ms: number): Promise<void> {
    const running = [...this.#held.values()].map(({ consumer }) => consumer).filter((consumer) => !consumer.closed && !consumer.paused);
    await Promise.all(running.map((consumer) => consumer.pause().catch(() => undefined)));
    await new Promise((resolve) => setTimeout(resolve, ms));
    await Promise.all(running.filter((consumer) => !consumer.closed && !this.#closed).map((consumer) => consumer.resume().catch(() => undefined)));
  }

  close(): void {
    this.#closed = true;
    this.#stopTimers();
    this.#held.clear();
  }
}

/** The relief of `peer`'s consumers, by the estimate towards its receiving transport, each report logged; closed with the peer. */
function reliefFor(peer: Peer, logger: Logger): DownlinkRelief {
  const relief = new DownlinkRelief({
    consumers: () => peer.consumers(),
    estimate: async () => {
      const receiving = peer.receiving;
      const [stats] = receiving ? await peer.transport(receiving.transportId).getStats() : [];
      return stats?.availableOutgoingBitrate;
    },
    reported: ({ holdMs }, by) => logger.info({ staffId: peer.staff.id, holdMs, by }, 'downlink congested: smallest camera layers for a while'),
  });
  peer.keep(relief);
  return relief;
}

const reliefs = new WeakMap<Peer, DownlinkRelief>();

/** `peer`'s link is congested (`by` whom found): its one relief, made at the first finding, holds its cameras down. */
export function relieveDownlink(peer: Peer, logger: Logger, by: CongestionFinder): Promise<Relief> {
  let relief = reliefs.get(peer);
  if (!relief) reliefs.set(peer, (relief = reliefFor(peer, logger)));
  return relief.congested(by);
}

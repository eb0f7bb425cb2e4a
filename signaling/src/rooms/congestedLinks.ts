/**
 * Whose link is congested. The server finds a peer's uplink congested from what the worker must ask
 * its browser to send again (uplinkLoss.ts); a browser reports loss in what it receives
 * ('downlink.congested', DownlinkWatch in the web app). Either relieves that peer's downlink
 * (DownlinkRelief.ts), as a hall's link that thins one way is usually as thin the other.
 *
 * But the worker forwards a camera with the gaps its sender's link left in it: when one hall's link
 * thins, the other hall, whose own link is fine, sees that loss too and reports it. Relieving it
 * would hold down the pictures it receives for nothing, and its own camera (the page holds its
 * upper layers down at once when it reports) would leave and rejoin the other hall's picture. So a
 * report from a peer whose uplink is fine, while another peer's uplink was found congested within
 * FORWARDED_MS, is answered "not your link": nothing is held down, and the page lets its camera go
 * and stays quiet for that long.
 *
 * A browser also reports a link's queue that fills, before it overflows: everything it receives comes
 * ever later (sign 'delay'). The sender's uplink would look the same from there, and it is found
 * before any loss only here: the sound the worker receives from each sender jitters as much (each
 * packet later than the one before, SENDER_DELAY_JITTER_MS). Then it is not the reporter's link.
 */
import type { types } from 'mediasoup';
import type { Logger } from '../logger';
import type { CongestionSign, Relief } from '../protocol';
import { relieveDownlink } from './DownlinkRelief';
import type { Peer } from './Peer';
import { UPLINK_QUIET_MS } from './uplinkLoss';

/** A congested uplink's loss may still be forwarded this long after it was found (it is found again after UPLINK_QUIET_MS if it lasts). */
export const FORWARDED_MS = UPLINK_QUIET_MS + 500;

const uplinkFoundAt = new WeakMap<Peer, number>();

function uplinkCongestedLately(peer: Peer, now: number): boolean {
  return now - (uplinkFoundAt.get(peer) ?? -Infinity) < FORWARDED_MS;
}

/**
 * The jitter (ms) of the sound the worker receives from a sender at or above which its own uplink's
 * queue is filling (a browser's report of delay starts at 10 ms; a sender on a link with room: 1–5 ms
 * here, under 10 ms seen loaded).
 */
export const SENDER_DELAY_JITTER_MS = 10;

/** The highest jitter (ms) of the sound the worker receives from `producers` now. */
async function soundJitterMs(producers: readonly types.Producer[]): Promise<number> {
  const jitters = await Promise.all(
    producers
      .filter((producer) => producer.kind === 'audio' && !producer.closed)
      .map(async (producer) => {
        const clockRate = producer.rtpParameters.codecs[0]?.clockRate ?? 48_000;
        const stats = await producer.getStats().catch(() => []);
        return Math.max(0, ...stats.map((stat) => (stat.jitter * 1000) / clockRate));
      }),
  );
  return Math.max(0, ...jitters);
}

/** The server found `peer`'s uplink congested: its downlink is relieved if it receives a simulcast camera. */
export async function uplinkFound(peer: Peer, logger: Logger): Promise<void> {
  uplinkFoundAt.set(peer, Date.now());
  if (peer.consumers().some((consumer) => consumer.type === 'simulcast')) await relieveDownlink(peer, logger, 'uplink');
}

/**
 * `peer`'s browser reports loss in what it receives from `senders`: its downlink is relieved, unless
 * the loss is a sender's uplink's (see above).
 */
export async function downlinkReported(peer: Peer, senders: readonly Peer[], logger: Logger, sign: CongestionSign = 'loss'): Promise<Relief> {
  const now = Date.now();
  const notYours = { holdMs: 0, quietMs: FORWARDED_MS };
  if (!uplinkCongestedLately(peer, now) && senders.some((sender) => uplinkCongestedLately(sender, now))) {
    logger.info({ staffId: peer.staff.id, sign }, "downlink congestion is a sender's congested uplink: nothing held down");
    return notYours;
  }
  if (sign === 'delay') {
    const senderJitterMs = await soundJitterMs(senders.flatMap((sender) => sender.producers()));
    if (senderJitterMs >= SENDER_DELAY_JITTER_MS) {
      logger.info({ staffId: peer.staff.id, sign, senderJitterMs: Math.round(senderJitterMs) }, "downlink delay is a sender's filling uplink: nothing held down");
      return notYours;
    }
    logger.info({ staffId: peer.staff.id, senderJitterMs: Math.round(senderJitterMs) }, 'downlink delay reported, senders steady: relieved');
  }
  return await relieveDownlink(peer, logger, sign === 'delay' ? 'delay' : 'browser');
}

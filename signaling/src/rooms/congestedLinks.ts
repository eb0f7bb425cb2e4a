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
 * packet later than the one before, SENDER_DELAY_JITTER_MS). Then it is not the reporter's link, and
 * it is the sender's: if the jitter lasts (SENDER_FILLING_CONFIRM_MS), its downlink is relieved, as
 * for an uplink found losing. That sender's own report of its downlink filling must cross its filling
 * uplink (behind a queue of 0.4 s here, and retransmitted when the queue drops it) and came 0.6–1.3 s
 * after the other hall's, by when its picture had frozen.
 */
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

/**
 * How long after a sender's sound was found jittering it is read again before that sender's downlink is
 * relieved: a filling queue keeps the jitter up (19–34 ms for seconds under a 400 kbit/s limit here),
 * a blip (a busy PC, a layer's keyframe) has let it fall by then (RFC 3550's running jitter halves in
 * ten packets without more of it). Blips of 11–12 ms reached the other hall's report of delay here.
 * A PC kept busy is not told apart: with two calls' browsers on 2 cores (the bench's cost rows), the
 * sound jittered 10–27 ms still at the second read, and cameras were held down on loopback (README,
 * worker CPU per delivered Mbit). What the sender's producer brings in would tell them apart.
 */
export const SENDER_FILLING_CONFIRM_MS = 200;

/** The highest jitter (ms) of the sound the worker receives from `sender` now. */
async function soundJitterMs(sender: Peer): Promise<number> {
  const jitters = await Promise.all(
    sender
      .producers()
      .filter((producer) => producer.kind === 'audio' && !producer.closed)
      .map(async (producer) => {
        const clockRate = producer.rtpParameters.codecs[0]?.clockRate ?? 48_000;
        const stats = await producer.getStats().catch(() => []);
        return Math.max(0, ...stats.map((stat) => (stat.jitter * 1000) / clockRate));
      }),
  );
  return Math.max(0, ...jitters);
}

/** Relieves `peer`'s downlink if it receives a simulcast camera (its link found congested from its uplink). */
async function relieveFromUplink(peer: Peer, logger: Logger): Promise<void> {
  if (peer.consumers().some((consumer) => consumer.type === 'simulcast')) await relieveDownlink(peer, logger, 'uplink');
}

/** `sender`'s sound was found jittering: if it still does a moment later, its uplink fills, and its downlink is relieved. */
async function senderFilling(sender: Peer, logger: Logger): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, SENDER_FILLING_CONFIRM_MS));
  const jitterMs = await soundJitterMs(sender);
  if (jitterMs < SENDER_DELAY_JITTER_MS) return;
  logger.info({ staffId: sender.staff.id, jitterMs: Math.round(jitterMs) }, 'uplink filling: downlink relieved');
  await relieveFromUplink(sender, logger);
}

/** The server found `peer`'s uplink congested: its downlink is relieved if it receives a simulcast camera. */
export async function uplinkFound(peer: Peer, logger: Logger): Promise<void> {
  uplinkFoundAt.set(peer, Date.now());
  await relieveFromUplink(peer, logger);
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
    const jitters = await Promise.all(senders.map(async (sender) => ({ sender, jitterMs: await soundJitterMs(sender) })));
    const filling = jitters.filter(({ jitterMs }) => jitterMs >= SENDER_DELAY_JITTER_MS);
    if (filling.length > 0) {
      const senderJitterMs = Math.round(Math.max(...filling.map(({ jitterMs }) => jitterMs)));
      logger.info({ staffId: peer.staff.id, sign, senderJitterMs }, "downlink delay is a sender's filling uplink: nothing held down");
      // Not awaited: the reporter's answer does not wait for the other link's relief.
      for (const { sender } of filling) {
        senderFilling(sender, logger).catch((error: unknown) => logger.warn({ err: error, staffId: sender.staff.id }, 'could not relieve a congested link'));
      }
      return notYours;
    }
    const senderJitterMs = Math.max(0, ...jitters.map(({ jitterMs }) => jitterMs));
    logger.info({ staffId: peer.staff.id, senderJitterMs: Math.round(senderJitterMs) }, 'downlink delay reported, senders steady: relieved');
  }
  return await relieveDownlink(peer, logger, sign === 'delay' ? 'delay' : 'browser');
}

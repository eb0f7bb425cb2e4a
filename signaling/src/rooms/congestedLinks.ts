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
 */
import type { Logger } from '../logger';
import type { Relief } from '../protocol';
import { relieveDownlink } from './DownlinkRelief';
import type { Peer } from './Peer';
import { UPLINK_QUIET_MS } from './uplinkLoss';

/** A congested uplink's loss may still be forwarded this long after it was found (it is found again after UPLINK_QUIET_MS if it lasts). */
export const FORWARDED_MS = UPLINK_QUIET_MS + 500;

const uplinkFoundAt = new WeakMap<Peer, number>();

function uplinkCongestedLately(peer: Peer, now: number): boolean {
  return now - (uplinkFoundAt.get(peer) ?? -Infinity) < FORWARDED_MS;
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
export function downlinkReported(peer: Peer, senders: readonly Peer[], logger: Logger): Promise<Relief> {
  const now = Date.now();
  if (!uplinkCongestedLately(peer, now) && senders.some((sender) => uplinkCongestedLately(sender, now))) {
    logger.info({ staffId: peer.staff.id }, "downlink loss is a sender's congested uplink: nothing held down");
    return Promise.resolve({ holdMs: 0, quietMs: FORWARDED_MS });
  }
  return relieveDownlink(peer, logger, 'browser');
}

/**
 * A hall's link that thins at once loses what its browser sends as well as what it receives. The
 * worker then asks that browser again and again to resend the packets of its camera that did not
 * arrive (RTCP NACKs, the producer's 'nack' trace events). Many such requests in each of two steps of
 * 0.2 s in a row say that the link is congested now, and, as a hall's link that thins one way is
 * usually as thin the other, the server relieves that browser's downlink at once (DownlinkRelief):
 * about a second before the browser's own report (DownlinkWatch) could cross the same thin link. A
 * link that thinned one way only costs its clerk a few seconds of smaller pictures.
 */
import type { types } from 'mediasoup';
import { traceProducer } from './producerTraces';

const STEP_MS = 200;
/** NACKs in each of two steps in a row: a link that loses a packet now and then sends a few a second. */
const MIN_NACKS_PER_STEP = 4;
/** After telling, not again for this long: the relief holds the layers down meanwhile. */
export const UPLINK_QUIET_MS = 3_000;

/** The producers watched, each with whom to tell now. */
const watched = new WeakMap<types.Producer, () => void>();

/**
 * Calls `congested()` when the worker asks `producer`'s browser to resend many packets in each of two
 * steps in a row, then not for UPLINK_QUIET_MS. Watching a producer again adds no second listener; it
 * changes whom to tell (a producer handed from a standby room to a session's room).
 */
export function watchUplinkLoss(producer: types.Producer, congested: () => void, now: () => number = Date.now): void {
  const known = watched.has(producer);
  watched.set(producer, congested);
  if (known) return;
  let step = -Infinity;
  let inStep = 0;
  let inPreviousStep = 0;
  let quietUntil = -Infinity;
  producer.on('trace', (trace) => {
    if (trace.type !== 'nack') return;
    const at = now();
    const current = Math.floor(at / STEP_MS);
    if (current !== step) {
      inPreviousStep = current === step + 1 ? inStep : 0;
      inStep = 0;
      step = current;
    }
    inStep += 1;
    if (inStep < MIN_NACKS_PER_STEP || inPreviousStep < MIN_NACKS_PER_STEP || at < quietUntil) return;
    quietUntil = at + UPLINK_QUIET_MS;
    watched.get(producer)?.();
  });
  traceProducer(producer, 'nack');
}

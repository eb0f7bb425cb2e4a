/**
 * Getting a simulcast consumer its first frame without waiting a second.
 *
 * mediasoup picks a simulcast consumer's layer when the producer's stream first appears. When the
 * first packet of that stream carries no media (Chrome starts with padding to probe bandwidth), no
 * layer qualifies yet and the choice waits for the transport's next bitrate round, about a second
 * later; the keyframe that arrives meanwhile goes nowhere. And Chrome ignores a keyframe request
 * that comes within 300 ms of the previous one, after which mediasoup retries only after a second.
 *
 * So: producers space their keyframe requests KEY_FRAME_REQUEST_DELAY_MS apart (a request that comes
 * sooner is sent when that time is up instead of being lost), and when a keyframe arrives while a
 * consumer of that producer has no layer chosen, the consumer is paused and resumed, which makes
 * mediasoup choose at once and ask for the next keyframe.
 */
import type { types } from 'mediasoup';
import { traceProducer } from './producerTraces';

/** Just over Chrome's minimum interval between the keyframes it sends on request (300 ms). */
export const KEY_FRAME_REQUEST_DELAY_MS = 350;

/** A consumer that cannot have started yet, or is already waiting for a keyframe, is left alone. */
function mayBeStalled(consumer: types.Consumer): boolean {
  return consumer.type === 'simulcast' && !consumer.closed && !consumer.paused && !consumer.producerPaused && consumer.currentLayers === undefined;
}

/** Whether mediasoup has chosen no layer for `consumer` (its dump says target spatial layer -1). */
async function hasNoTarget(consumer: types.Consumer): Promise<boolean> {
  const dump = (await consumer.dump()) as { targetSpatialLayer?: number };
  return dump.targetSpatialLayer === -1;
}

/** The producers watched, each with where its consumers are looked up now. */
const watched = new WeakMap<types.Producer, () => types.Consumer[]>();

/**
 * Restarts the consumers of `producer` that have no layer chosen when it receives a keyframe. Watching
 * a producer again adds no second listener; it changes where its consumers are looked up (a producer
 * handed from a standby room to a session's room is consumed in the session's room).
 */
export function watchKeyFrames(producer: types.Producer, consumersOf: () => types.Consumer[]): void {
  const known = watched.has(producer);
  watched.set(producer, consumersOf);
  if (known) return;
  producer.on('trace', (trace) => {
    if (trace.type !== 'keyframe' || trace.direction !== 'in') return;
    for (const consumer of (watched.get(producer)?.() ?? []).filter(mayBeStalled)) {
      hasNoTarget(consumer)
        .then(async (stalled) => {
          if (!stalled) return;
          await consumer.pause();
          await consumer.resume();
        })
        .catch(() => undefined); // closed meanwhile
    }
  });
  traceProducer(producer, 'keyframe');
}

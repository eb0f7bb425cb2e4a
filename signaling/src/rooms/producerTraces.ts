/**
 * mediasoup keeps one list of trace event types per producer (`enableTraceEvent` replaces it): each
 * watcher of a producer's traces (keyFrames.ts, uplinkLoss.ts) adds its type here, so none turns off
 * another's.
 */
import type { types } from 'mediasoup';

const enabled = new WeakMap<types.Producer, Set<types.ProducerTraceEventType>>();

/** Turns on `type` trace events of `producer`, keeping those already on. */
export function traceProducer(producer: types.Producer, type: types.ProducerTraceEventType): void {
  const on = enabled.get(producer) ?? new Set<types.ProducerTraceEventType>();
  if (on.has(type)) return;
  on.add(type);
  enabled.set(producer, on);
  producer.enableTraceEvent([...on]).catch(() => undefined); // closed meanwhile
}

import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { describe, expect, it, vi } from 'vitest';
import { watchKeyFrames } from './keyFrames';

/** Just the parts of a mediasoup consumer the watcher reads and calls. */
function consumer(state: { type?: string; currentLayers?: object; paused?: boolean; target: number }) {
  const calls: string[] = [];
  const fake = {
    type: state.type ?? 'simulcast',
    closed: false,
    paused: state.paused ?? false,
    producerPaused: false,
    currentLayers: state.currentLayers,
    dump: vi.fn(async () => ({ targetSpatialLayer: state.target })),
    pause: vi.fn(async () => void calls.push('pause')),
    resume: vi.fn(async () => void calls.push('resume')),
  };
  return { fake: fake as unknown as types.Consumer, calls };
}

function producer() {
  const emitter = new EventEmitter();
  const fake = Object.assign(emitter, {
    closed: false,
    observer: new EventEmitter(),
    enableTraceEvent: vi.fn(async () => undefined),
  });
  return fake;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('keyframe watcher', () => {
  it('restarts a consumer that has no layer chosen when a keyframe arrives, and leaves the others alone', async () => {
    const source = producer();
    const stalled = consumer({ target: -1 });
    const waitingForKeyFrame = consumer({ target: 0 });
    const started = consumer({ target: 0, currentLayers: { spatialLayer: 0, temporalLayer: 0 } });
    const paused = consumer({ target: -1, paused: true });
    const single = consumer({ type: 'simple', target: -1 });
    watchKeyFrames(source as unknown as types.Producer, () => [stalled, waitingForKeyFrame, started, paused, single].map((c) => c.fake));
    expect(source.enableTraceEvent).toHaveBeenCalledWith(['keyframe']);

    source.emit('trace', { type: 'keyframe', direction: 'out' });
    source.emit('trace', { type: 'pli', direction: 'in' });
    await settle();
    expect(stalled.calls).toEqual([]);

    source.emit('trace', { type: 'keyframe', direction: 'in' });
    await settle();
    expect(stalled.calls).toEqual(['pause', 'resume']);
    for (const other of [waitingForKeyFrame, started, paused, single]) expect(other.calls).toEqual([]);
  });

  it('watches a producer once, however often it is asked to', async () => {
    const source = producer();
    const stalled = consumer({ target: -1 });
    watchKeyFrames(source as unknown as types.Producer, () => [stalled.fake]);
    watchKeyFrames(source as unknown as types.Producer, () => [stalled.fake]);
    source.emit('trace', { type: 'keyframe', direction: 'in' });
    await settle();
    expect(stalled.calls).toEqual(['pause', 'resume']);
    expect(source.enableTraceEvent).toHaveBeenCalledTimes(1);
  });

  it('looks the consumers up where it was last asked to (a producer handed to another room)', async () => {
    const source = producer();
    const inStandby = consumer({ target: -1 });
    const inSession = consumer({ target: -1 });
    watchKeyFrames(source as unknown as types.Producer, () => [inStandby.fake]);
    watchKeyFrames(source as unknown as types.Producer, () => [inSession.fake]);
    source.emit('trace', { type: 'keyframe', direction: 'in' });
    await settle();
    expect(inSession.calls).toEqual(['pause', 'resume']);
    expect(inStandby.calls).toEqual([]);
  });
});

// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { HELD_FOR_MS, giveBackVideo, takeVideo } from './videoElements';

/** Just what the module reads of a track: whether it still lives. */
function track(readyState: 'live' | 'ended' = 'live'): MediaStreamTrack {
  return { readyState } as MediaStreamTrack;
}

function box(): HTMLElement {
  const element = document.createElement('div');
  document.body.append(element);
  return element;
}

beforeAll(() => {
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
});

afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('video elements kept per track', () => {
  it('hands the element of a track from one tile to the next', () => {
    const camera = track();
    const first = box();
    const element = takeVideo(camera, first);
    expect(element.parentElement).toBe(first);
    expect(element.muted).toBe(true);

    giveBackVideo(camera, element);
    expect(element.isConnected).toBe(true);
    expect(first.contains(element)).toBe(false);

    const next = box();
    expect(takeVideo(camera, next)).toBe(element);
    expect(element.parentElement).toBe(next);
  });

  it('gives a second tile showing the same track at the same time an element of its own', () => {
    const camera = track();
    const shared = takeVideo(camera, box());
    const own = takeVideo(camera, box());
    expect(own).not.toBe(shared);
    giveBackVideo(camera, own);
    expect(own.isConnected).toBe(false);
    expect(shared.isConnected).toBe(true);
  });

  it('lets an element go when nobody takes it in time, or at once when its track has ended', () => {
    vi.useFakeTimers();
    const camera = track();
    const element = takeVideo(camera, box());
    giveBackVideo(camera, element);
    vi.advanceTimersByTime(HELD_FOR_MS);
    expect(element.isConnected).toBe(false);
    expect(element.srcObject).toBeNull();
    expect(takeVideo(camera, box())).not.toBe(element);

    const ended = track('ended');
    const gone = takeVideo(ended, box());
    giveBackVideo(ended, gone);
    expect(gone.isConnected).toBe(false);
  });
});

// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { firstFrameShown, recordFirstFrame } from './firstFrames';

describe('first frames', () => {
  it('records the first frame of each track once, announces it, and says the track has shown one', () => {
    const track = { id: 'camera-1' } as MediaStreamTrack;
    const heard: unknown[] = [];
    window.addEventListener('vwindow:first-frame', (event) => heard.push((event as CustomEvent).detail));
    expect(firstFrameShown(track)).toBe(false);

    recordFirstFrame({ source: 'camera', side: 'local', trackId: 'camera-1', at: 1000 });
    // The same track in the next tile (the session page after the home console): not a first frame.
    recordFirstFrame({ source: 'camera', side: 'local', trackId: 'camera-1', at: 2000 });

    expect(window.vwindowFirstFrames).toEqual([{ source: 'camera', side: 'local', trackId: 'camera-1', at: 1000 }]);
    expect(heard).toHaveLength(1);
    expect(firstFrameShown(track)).toBe(true);
    expect(firstFrameShown({ id: 'camera-2' } as MediaStreamTrack)).toBe(false);
  });
});

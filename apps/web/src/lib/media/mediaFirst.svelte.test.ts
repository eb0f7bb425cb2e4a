import { describe, expect, it } from 'vitest';
import { recordFirstFrame } from './firstFrames';
import type { MediaRoom } from './MediaRoom.svelte';
import { showsVideo, untilFirstFrame } from './mediaFirst.svelte';

const settled = async (promise: Promise<void>, withinMs: number): Promise<boolean> =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), withinMs))]);

describe('media first', () => {
  it('goes on when the first frame is shown, or after the time allowed without one', async () => {
    const room = $state({ remotes: [{ kind: 'video', track: { id: 'home-camera' } }] });
    const waiting = untilFirstFrame(room as unknown as MediaRoom, 10_000);
    expect(await settled(waiting, 100)).toBe(false);
    recordFirstFrame({ source: 'camera', side: 'home', trackId: 'home-camera', at: 1000 });
    expect(await settled(waiting, 1000)).toBe(true);
    expect(showsVideo(room as unknown as MediaRoom)).toBe(true);
    const neverShown = $state({ remotes: [{ kind: 'video', track: { id: 'never-shown' } }] });
    expect(await settled(untilFirstFrame(neverShown as unknown as MediaRoom, 50), 1000)).toBe(true);
  });
});

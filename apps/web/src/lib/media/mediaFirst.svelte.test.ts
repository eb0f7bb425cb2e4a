import { describe, expect, it } from 'vitest';
import { recordFirstFrame } from './firstFrames';
import type { MediaRoom } from './MediaRoom.svelte';
import { receivesVideo, untilFirstFrame, untilReceivingVideo } from './mediaFirst.svelte';

/** The part of a MediaRoom these read: its reactive list of remote tracks. */
function roomWith(kinds: ('audio' | 'video')[]): { remotes: { kind: 'audio' | 'video' }[] } {
  const room = $state({ remotes: kinds.map((kind) => ({ kind })) });
  return room;
}

const settled = async (promise: Promise<void>, withinMs: number): Promise<boolean> =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), withinMs))]);

describe('media first', () => {
  it('counts a remote video track, not a sound track', () => {
    expect(receivesVideo(roomWith(['audio']) as unknown as MediaRoom)).toBe(false);
    expect(receivesVideo(roomWith(['audio', 'video']) as unknown as MediaRoom)).toBe(true);
  });

  it('waits for the other side’s video, not for its sound', async () => {
    const room = roomWith([]);
    const waiting = untilReceivingVideo(room as unknown as MediaRoom, 10_000);
    room.remotes = [{ kind: 'audio' }];
    expect(await settled(waiting, 100)).toBe(false);
    room.remotes = [{ kind: 'audio' }, { kind: 'video' }];
    expect(await settled(waiting, 1000)).toBe(true);
  });

  it('gives up waiting after the time allowed', async () => {
    const waiting = untilReceivingVideo(roomWith(['audio']) as unknown as MediaRoom, 50);
    expect(await settled(waiting, 1000)).toBe(true);
  });

  it('does not wait when the video is there already', async () => {
    expect(await settled(untilReceivingVideo(roomWith(['video']) as unknown as MediaRoom, 10_000), 100)).toBe(true);
  });

  it('goes on when the first frame is shown, or after the time allowed without one', async () => {
    const room = $state({ remotes: [{ kind: 'video', track: { id: 'home-camera' } }] });
    const waiting = untilFirstFrame(room as unknown as MediaRoom, 10_000);
    expect(await settled(waiting, 100)).toBe(false);
    recordFirstFrame({ source: 'camera', side: 'home', trackId: 'home-camera', at: 1000 });
    expect(await settled(waiting, 1000)).toBe(true);
    const neverShown = $state({ remotes: [{ kind: 'video', track: { id: 'never-shown' } }] });
    expect(await settled(untilFirstFrame(neverShown as unknown as MediaRoom, 50), 1000)).toBe(true);
  });
});

/**
 * Media first: when a session starts, each clerk's browser sets up receiving the other side's camera
 * before it redraws its page for the call, and draws no more than it must while that camera's first
 * frame is on its way. The page and the picture compete for the same processor; done the other way
 * round, the picture waited for the page.
 * - The local waiting page turns into the call once the camera is being received (at most
 *   MEDIA_FIRST_MS after the accept).
 * - The home console shows just that camera at 受理 and goes to the session page once its first frame
 *   is on screen (at most FIRST_FRAME_MAX_MS after the accept: a camera that is off sends none).
 */
import { firstFrameShown } from './firstFrames';
import type { MediaRoom } from './MediaRoom.svelte';

export const MEDIA_FIRST_MS = 300;
export const FIRST_FRAME_MAX_MS = 1000;

/** Whether `room` receives video from the other side (a consumer set up, its first frame coming). */
export function receivesVideo(room: MediaRoom): boolean {
  return room.remotes.some((remote) => remote.kind === 'video');
}

/** Whether video from the other side has had its first frame on screen in this tab. */
export function showsVideo(room: MediaRoom): boolean {
  return room.remotes.some((remote) => remote.kind === 'video' && firstFrameShown(remote.track));
}

/** Resolves once `room` receives video from the other side, or after `timeoutMs`. */
export function untilReceivingVideo(room: MediaRoom, timeoutMs = MEDIA_FIRST_MS): Promise<void> {
  return until(() => receivesVideo(room), timeoutMs);
}

/** Resolves once video from the other side has its first frame on screen, or after `timeoutMs`. */
export function untilFirstFrame(room: MediaRoom, timeoutMs = FIRST_FRAME_MAX_MS): Promise<void> {
  return until(() => showsVideo(room), timeoutMs);
}

/** Resolves once `ready()` (read reactively) holds, or after `timeoutMs`. */
function until(ready: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      queueMicrotask(stop);
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    const stop = $effect.root(() => {
      $effect(() => {
        if (ready()) finish();
      });
    });
  });
}

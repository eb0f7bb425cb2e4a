/**
 * Media first: when a session starts, each clerk's browser sets up receiving the other side's camera
 * before it redraws its page for the call, and draws no more than it must while that camera's first
 * frame is on its way. The page and the picture compete for the same processor; done the other way
 * round, the picture waited for the page.
 * - The home console at 受理, and the local waiting page when it hears of the accept, show just that
 *   camera (ConnectingCamera.svelte) and turn into the call once its first frame is on screen (at most
 *   FIRST_FRAME_MAX_MS after the accept: a camera that is off sends none).
 */
import { firstFrameShown } from './firstFrames';
import type { MediaRoom } from './MediaRoom.svelte';

export const FIRST_FRAME_MAX_MS = 1000;

/** Whether video from the other side has had its first frame on screen in this tab. */
export function showsVideo(room: MediaRoom): boolean {
  return room.remotes.some((remote) => remote.kind === 'video' && firstFrameShown(remote.track));
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

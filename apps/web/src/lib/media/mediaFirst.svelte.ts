/**
 * Media first: when a session starts, each clerk's browser sets up receiving the other side's camera
 * before it redraws its page for the call, and draws the call while that camera's first frame is on its
 * way. Both compete for the same main thread; done the other way round, the camera waited for the page.
 * A page waits for this at most MEDIA_FIRST_MS.
 */
import type { MediaRoom } from './MediaRoom.svelte';

export const MEDIA_FIRST_MS = 300;

/** Whether `room` receives video from the other side (a consumer set up, its first frame coming). */
export function receivesVideo(room: MediaRoom): boolean {
  return room.remotes.some((remote) => remote.kind === 'video');
}

/** Resolves once `room` receives video from the other side, or after `timeoutMs`. */
export function untilReceivingVideo(room: MediaRoom, timeoutMs = MEDIA_FIRST_MS): Promise<void> {
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
        if (receivesVideo(room)) finish();
      });
    });
  });
}

/**
 * An admitted guest's part in the call: their own signaling connection (/ws/guest, opened only once
 * admitted: the server refuses anyone else), the session's media room, and their camera and
 * microphone. `close()` hangs up and is safe to call twice.
 */
import { GUEST_SIGNALING_PATH } from '$shared';
import { LocalMedia } from '$lib/media/LocalMedia.svelte';
import { MediaRoom } from '$lib/media/MediaRoom.svelte';
import { SignalingClient } from '$lib/signaling/SignalingClient';

export class GuestCall {
  readonly signaling: SignalingClient;
  readonly room: MediaRoom;
  readonly media = new LocalMedia();
  #closed = false;

  constructor(sessionId: string) {
    this.signaling = new SignalingClient({ url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GUEST_SIGNALING_PATH}` });
    this.room = new MediaRoom(this.signaling, sessionId);
  }

  /** Camera and microphone opened and handed to the room while it is joined. */
  start(): Promise<void> {
    return Promise.all([this.media.attach(this.room), this.media.start(), this.room.join()]).then(() => undefined);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.room.leave();
    this.media.stop();
    this.signaling.close();
  }
}

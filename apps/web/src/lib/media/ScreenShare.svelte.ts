/**
 * A clerk's 屏幕共享: a screen or window chosen in the browser's own picker (getDisplayMedia),
 * published in the room as a producer of its own (source 'screen'), with content hint "detail" so that
 * text stays sharp rather than motion smooth. Stopping it here, or in the browser's own "stop sharing"
 * bar (the track ends), closes the producer on the server; the other side goes back to its usual layout.
 */
import { t } from '$lib/i18n';
import { describeMediaError } from './devices';
import type { MediaRoom } from './MediaRoom.svelte';

export class ScreenShare {
  /** The shared screen's track while sharing; null otherwise. */
  track = $state<MediaStreamTrack | null>(null);
  /** Why the last start did not share, as a sentence; null when all is well. */
  error = $state<string | null>(null);
  readonly #room: MediaRoom;
  #starting = false;

  constructor(room: MediaRoom) {
    this.#room = room;
  }

  get sharing(): boolean {
    return this.track !== null;
  }

  /** Asks the browser for a screen or window and publishes it; a cancelled picker changes nothing. */
  async start(): Promise<void> {
    if (this.track || this.#starting) return;
    this.#starting = true;
    this.error = null;
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false });
      const track = stream.getVideoTracks()[0];
      if (!track) throw new Error(t('call.screen.noTrack'));
      track.contentHint = 'detail';
      // The browser's own "stop sharing" ends the track: the producer goes too.
      track.addEventListener('ended', () => void this.#stopped(track), { once: true });
      this.track = track;
      await this.#room.publish('screen', track);
    } catch (error) {
      this.error = error instanceof DOMException && error.name === 'NotAllowedError' ? t('call.screen.cancelled') : describeMediaError(error);
      if (this.track) await this.stop();
    } finally {
      this.#starting = false;
    }
  }

  /** Stops sharing: the track ends and the producer closes on the server. Safe to call twice. */
  async stop(): Promise<void> {
    const track = this.track;
    if (!track) return;
    track.stop();
    await this.#stopped(track);
  }

  async #stopped(track: MediaStreamTrack): Promise<void> {
    if (this.track !== track) return;
    this.track = null;
    await this.#room.unpublish('screen');
  }
}

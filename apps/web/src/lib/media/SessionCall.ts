/**
 * One person's part in a session's call: the media room and, for a clerk, the camera and microphone.
 * A SessionCall may be started before its page exists: the local waiting page stands by in the room,
 * and the home queue hands the call it started at 受理 over to the session page (see callHandoff.ts),
 * so that joining runs while the page loads. `close()` hangs up and is safe to call twice.
 */
import type { PeerSide, SessionView } from '$shared';
import { signaling } from '../signaling/connection';
import { LocalMedia } from './LocalMedia.svelte';
import { MediaRoom } from './MediaRoom.svelte';

export class SessionCall {
  readonly sessionId: string;
  readonly side: PeerSide;
  readonly room: MediaRoom;
  /** Null for a supervisor, who only listens and watches. */
  readonly media: LocalMedia | null;
  #started: Promise<void> | null = null;
  #closed = false;

  /** `media`: camera and microphone opened earlier (the home console's preview), adopted by this call. */
  constructor(sessionId: string, side: PeerSide, media?: LocalMedia) {
    this.sessionId = sessionId;
    this.side = side;
    this.room = new MediaRoom(signaling(), sessionId);
    this.media = side === 'observer' ? null : (media ?? new LocalMedia());
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Opens camera and microphone (unless open already) while joining the room; whichever is ready first
   * waits for the other (the room publishes a track that arrives during the join once the join is done).
   * Called once; later calls return the same promise.
   */
  start(): Promise<void> {
    this.#started ??= this.#begin();
    return this.#started;
  }

  /**
   * The home clerk's 受理 from the queue: takes the session and joins its room in one request while
   * camera and microphone are handed over. Resolves once the session is this clerk's; on a refusal
   * (someone else was quicker) it rejects and lets go of the room, leaving the media to its owner.
   */
  async accept(): Promise<SessionView> {
    const taken = this.room.acceptAndJoin();
    this.#started = this.#begin();
    this.#started.catch(() => undefined);
    try {
      return await taken;
    } catch (error) {
      this.#closed = true;
      this.room.leave();
      this.media?.detach(this.room);
      throw error;
    }
  }

  /** Media handed to the room, opened (unless open already), and the join (already under way after accept). */
  #begin(): Promise<void> {
    const media = this.media;
    return Promise.all([media?.attach(this.room), media?.start(), this.room.join()]).then(() => undefined);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.room.leave();
    this.media?.stop();
  }
}

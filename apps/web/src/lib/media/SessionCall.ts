/**
 * One person's part in a session's call: the media room and, for a clerk, the camera and microphone.
 * A SessionCall may be started before its page exists: the local waiting page stands by in the room,
 * and the home console stands by before any session (`standBy`), in a room of its own that 受理 takes
 * into the session; the call then goes over to the session page (see callHandoff.ts) with its media
 * already flowing. `close()` hangs up and is safe to call twice.
 */
import type { PeerSide, SessionView } from '$shared';
import { signaling } from '../signaling/connection';
import { LocalMedia } from './LocalMedia.svelte';
import { MediaRoom } from './MediaRoom.svelte';
import { ScreenShare } from './ScreenShare.svelte';

export class SessionCall {
  readonly side: PeerSide;
  readonly room: MediaRoom;
  /** Null for a supervisor, who only listens and watches. */
  readonly media: LocalMedia | null;
  /** A clerk's 屏幕共享 (null for a supervisor). */
  readonly screen: ScreenShare | null;
  #started: Promise<void> | null = null;
  #closed = false;

  constructor(sessionId: string | null, side: PeerSide) {
    this.side = side;
    this.room = new MediaRoom(signaling(), sessionId);
    this.media = side === 'observer' ? null : new LocalMedia();
    this.screen = side === 'local' || side === 'home' ? new ScreenShare(this.room) : null;
  }

  /**
   * A home console's call before any session: standing by in a standby room with the camera
   * published (smallest layer) and the microphone silent, for `accept` to take into a session.
   */
  static standBy(): SessionCall {
    const call = new SessionCall(null, 'home');
    void call.room.setStandby(true);
    return call;
  }

  /** The session; null while a home console stands by. */
  get sessionId(): string | null {
    return this.room.sessionId;
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
   * The home clerk's 受理 from the queue, on a standing-by call: takes the session and brings the call
   * into it in one request. Resolves once the session is this clerk's; on a refusal (someone else was
   * quicker) it rejects and the call goes on standing by.
   */
  async accept(sessionId: string): Promise<SessionView> {
    // Standing by already (or starting to): the accept waits for the standby room to be open.
    this.start().catch(() => undefined);
    return this.room.acceptAndJoin(sessionId);
  }

  /** Media handed to the room and opened, and the room joined. */
  #begin(): Promise<void> {
    const media = this.media;
    return Promise.all([media?.attach(this.room), media?.start(), this.room.join()]).then(() => undefined);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.screen?.stop();
    this.room.leave();
    this.media?.stop();
  }
}

/**
 * Whether a camera gives pictures. A camera can open without error and still deliver no frames (a
 * 高拍仪 whose driver hangs, a virtual camera with nothing behind it), or deliver frames the encoder
 * cannot send (a depth camera's 16-bit frames): the document-camera picker skips the first kind, and
 * the call tells the clerk when the document camera in use sends nothing.
 */

/**
 * How long a camera just opened may take to deliver its first frame: USB cameras take a second or
 * two to start, longer on a busy PC; a camera is skipped only when it is clearly silent.
 */
export const FIRST_FRAME_MS = 6000;
/** How often a camera in use is checked. */
export const WATCH_INTERVAL_MS = 2000;

/** Counts the frames `track` delivers, through a detached, muted video element. */
class FrameCounter {
  count = 0;
  /** Every frame is counted (requestVideoFrameCallback); otherwise only whether one came. */
  readonly everyFrame = 'requestVideoFrameCallback' in HTMLVideoElement.prototype;
  readonly #video = document.createElement('video');
  #stopped = false;

  constructor(track: MediaStreamTrack) {
    this.#video.muted = true;
    this.#video.playsInline = true;
    this.#video.srcObject = new MediaStream([track]);
    if (this.everyFrame) {
      const next = () => {
        if (this.#stopped) return;
        this.count++;
        this.#video.requestVideoFrameCallback(next);
      };
      this.#video.requestVideoFrameCallback(next);
    } else {
      // Without requestVideoFrameCallback: a first frame is all that can be told.
      this.#video.addEventListener('loadeddata', () => (this.count = Math.max(this.count, 1)), { once: true });
    }
    // A muted video may play without a gesture; if it cannot, no frames are counted and the camera is judged silent.
    this.#video.play().catch(() => undefined);
  }

  stop(): void {
    this.#stopped = true;
    this.#video.pause();
    this.#video.srcObject = null;
  }
}

/** Whether `track` delivers a frame within `timeoutMs`. */
export function deliversFrames(track: MediaStreamTrack, timeoutMs = FIRST_FRAME_MS): Promise<boolean> {
  const counter = new FrameCounter(track);
  return new Promise((resolve) => {
    const started = performance.now();
    const check = () => {
      if (counter.count > 0 || performance.now() - started >= timeoutMs) {
        counter.stop();
        resolve(counter.count > 0);
      } else setTimeout(check, 100);
    };
    check();
  });
}

/** Frames counted at one moment: delivered by the camera (null: the browser cannot count them), and sent by the encoder (null while not published). */
export interface FrameCounts {
  delivered: number | null;
  sent: number | null;
}

/**
 * Whether a camera sent nothing between two readings: it delivered no frame, or it delivered frames
 * and the encoder sent none of them (both readings published).
 */
export function sentNothing(before: FrameCounts, after: FrameCounts): boolean {
  if (before.delivered !== null && after.delivered !== null && after.delivered <= before.delivered) return true;
  return before.sent !== null && after.sent !== null && after.sent <= before.sent;
}

/**
 * Watches a camera in use: calls `onChange(true)` after two readings in a row in which it sent nothing,
 * and `onChange(false)` once it sends again. Readings are taken only while the page is visible (a
 * hidden tab is given no frames to count). `sent` reads the encoder's count (null: not published).
 */
export function watchFrames(track: MediaStreamTrack, sent: () => Promise<number | null>, onChange: (silent: boolean) => void): () => void {
  const counter = new FrameCounter(track);
  let previous: FrameCounts | null = null;
  let quietReadings = 0;
  let silent = false;
  let stopped = false;
  const read = async () => {
    if (document.visibilityState !== 'visible') {
      previous = null;
      return;
    }
    const now: FrameCounts = { delivered: counter.everyFrame ? counter.count : null, sent: await sent().catch(() => null) };
    if (stopped) return;
    if (previous) {
      quietReadings = sentNothing(previous, now) ? quietReadings + 1 : 0;
      const next = quietReadings >= 2;
      if (next !== silent) {
        silent = next;
        onChange(silent);
      }
    }
    previous = now;
  };
  const timer = setInterval(() => void read(), WATCH_INTERVAL_MS);
  void read();
  return () => {
    stopped = true;
    clearInterval(timer);
    counter.stop();
  };
}

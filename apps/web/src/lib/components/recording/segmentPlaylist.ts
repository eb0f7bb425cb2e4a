/**
 * Plays one track's segment files in order through one media element (a playlist, no MSE): each
 * segment is a complete WebM with its cues, so the element loads it, seeks inside it, and at its end
 * the next one is loaded and goes on playing. Positions are seconds from the recording's start.
 */
import { locate, type PlayableSegment } from './recordingTimeline';

export class SegmentPlaylist {
  readonly #element: HTMLMediaElement;
  readonly #segments: PlayableSegment[];
  #index = -1;
  #wantsPlay = false;
  readonly #onEnded = () => void this.#next();

  constructor(element: HTMLMediaElement, segments: PlayableSegment[]) {
    this.#element = element;
    this.#segments = segments;
    element.addEventListener('ended', this.#onEnded);
  }

  /** Seconds from the recording's start of what the element shows now. */
  get position(): number {
    const segment = this.#segments[this.#index];
    return segment ? segment.offset + this.#element.currentTime : 0;
  }

  /** Moves to `position` (into the next segment when it falls in a gap); keeps playing if it was. */
  async seek(position: number): Promise<void> {
    const place = locate(this.#segments, position);
    if (!place) {
      this.#element.pause();
      return;
    }
    await this.#load(place.index);
    this.#element.currentTime = place.time;
    if (this.#wantsPlay) await this.#element.play().catch(() => undefined);
  }

  async play(): Promise<void> {
    this.#wantsPlay = true;
    if (this.#index === -1) await this.#load(0);
    await this.#element.play().catch(() => undefined);
  }

  pause(): void {
    this.#wantsPlay = false;
    this.#element.pause();
  }

  async #load(index: number): Promise<void> {
    if (index === this.#index) return;
    const segment = this.#segments[index];
    if (!segment) return;
    this.#index = index;
    const loaded = new Promise<void>((resolve) => {
      const done = () => {
        this.#element.removeEventListener('loadedmetadata', done);
        this.#element.removeEventListener('error', done);
        resolve();
      };
      this.#element.addEventListener('loadedmetadata', done);
      this.#element.addEventListener('error', done);
    });
    this.#element.src = segment.url;
    await loaded;
  }

  async #next(): Promise<void> {
    if (this.#index + 1 >= this.#segments.length) return;
    await this.#load(this.#index + 1);
    this.#element.currentTime = 0;
    if (this.#wantsPlay) await this.#element.play().catch(() => undefined);
  }

  close(): void {
    this.#element.removeEventListener('ended', this.#onEnded);
    this.#element.pause();
    this.#element.removeAttribute('src');
  }
}

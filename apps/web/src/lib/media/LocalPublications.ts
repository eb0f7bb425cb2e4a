/**
 * What this clerk publishes, by source: the local track, its producer (while joined), and whether the
 * clerk muted it. Kept across rejoins so that a reconnect publishes the same things again.
 */
import type { types } from 'mediasoup-client';
import type { MediaSource } from '$shared';

export class LocalPublications {
  readonly #tracks = new Map<MediaSource, MediaStreamTrack>();
  readonly #producers = new Map<MediaSource, types.Producer>();
  readonly #paused = new Set<MediaSource>();

  setTrack(source: MediaSource, track: MediaStreamTrack): void {
    this.#tracks.set(source, track);
  }

  removeTrack(source: MediaSource): void {
    this.#tracks.delete(source);
  }

  tracks(): [MediaSource, MediaStreamTrack][] {
    return [...this.#tracks];
  }

  producer(source: MediaSource): types.Producer | undefined {
    const producer = this.#producers.get(source);
    return producer && !producer.closed ? producer : undefined;
  }

  /** The open producers, by source. */
  producers(): [MediaSource, types.Producer][] {
    return [...this.#producers].filter(([, producer]) => !producer.closed);
  }

  setProducer(source: MediaSource, producer: types.Producer): void {
    this.#producers.set(source, producer);
  }

  takeProducer(source: MediaSource): types.Producer | undefined {
    const producer = this.#producers.get(source);
    this.#producers.delete(source);
    return producer;
  }

  /** Forgets the producers (their transport closed); tracks and mute choices stay. */
  clearProducers(): void {
    this.#producers.clear();
  }

  setPaused(source: MediaSource, paused: boolean): void {
    if (paused) this.#paused.add(source);
    else this.#paused.delete(source);
  }

  isPaused(source: MediaSource): boolean {
    return this.#paused.has(source);
  }
}

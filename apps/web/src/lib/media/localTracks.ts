/**
 * The tracks this tab is publishing, by source, so that other parts of the page (the capture panel)
 * can take a still from the camera itself, at its full capture resolution, rather than from the
 * downscaled stream. MediaRoom.publish/unpublish keep it current.
 */
import type { MediaSource } from '$shared';

type Listener = (tracks: ReadonlyMap<MediaSource, MediaStreamTrack>) => void;

const tracks = new Map<MediaSource, MediaStreamTrack>();
const listeners = new Set<Listener>();

function changed(): void {
  for (const listener of listeners) listener(tracks);
}

export function registerLocalTrack(source: MediaSource, track: MediaStreamTrack): void {
  tracks.set(source, track);
  track.addEventListener('ended', () => {
    if (tracks.get(source) === track) unregisterLocalTrack(source);
  });
  changed();
}

export function unregisterLocalTrack(source: MediaSource): void {
  if (tracks.delete(source)) changed();
}

export function localTrack(source: MediaSource): MediaStreamTrack | undefined {
  return tracks.get(source);
}

/** Calls `listener` now and on every change; returns the unsubscribe function. */
export function onLocalTracks(listener: Listener): () => void {
  listeners.add(listener);
  listener(tracks);
  return () => listeners.delete(listener);
}

/**
 * The <video> element that plays a track, kept for as long as the track is shown somewhere, so that the
 * picture does not start over when the tile showing it is replaced: at 受理 the home console shows the
 * local window's camera at once, and the session page then takes over the same element, still playing.
 * (A new element would start its player again: a moment of "waiting for the picture" in the middle of
 * the call's first second.)
 *
 * A tile takes the element for its track into its own box (`takeVideo`) and gives it back when it goes
 * (`giveBackVideo`). Given back, the element waits, still in the document and still playing, in a hidden
 * holder; a tile that takes it within HELD_FOR_MS gets it as it is, otherwise it is let go. Two tiles
 * showing one track at the same time each get an element of their own.
 */

/** How long a given-back element waits for the next tile (a page change takes far less). */
export const HELD_FOR_MS = 10_000;

interface Kept {
  element: HTMLVideoElement;
  /** Set while the element waits in the holder. */
  letGo: ReturnType<typeof setTimeout> | null;
}

const kept = new Map<MediaStreamTrack, Kept>();
let holder: HTMLElement | null = null;

function newVideo(track: MediaStreamTrack): HTMLVideoElement {
  const element = document.createElement('video');
  // Sound comes through the call view's audio elements; video elements stay muted.
  element.muted = true;
  element.autoplay = true;
  element.playsInline = true;
  element.srcObject = new MediaStream([track]);
  return element;
}

function heldIn(): HTMLElement {
  if (!holder?.isConnected) {
    holder = document.createElement('div');
    holder.hidden = true;
    holder.dataset.videoHolder = '';
    document.body.append(holder);
  }
  return holder;
}

/** Moves `element` into `parent` keeping its state (Element.moveBefore), where the browser can. */
function moveInto(parent: HTMLElement, element: HTMLVideoElement): void {
  const movable = parent as HTMLElement & { moveBefore?: (node: Node, child: Node | null) => void };
  if (element.isConnected && movable.moveBefore) {
    try {
      movable.moveBefore(element, null);
      return;
    } catch {
      // Not movable here (another document, say): a plain insert, which restarts the player.
    }
  }
  parent.append(element);
}

function letGo(track: MediaStreamTrack, entry: Kept): void {
  if (entry.letGo) clearTimeout(entry.letGo);
  if (kept.get(track) === entry) kept.delete(track);
  entry.element.srcObject = null;
  entry.element.remove();
}

/** The element playing `track`, placed in `box` (the one the previous tile had, if it is free). */
export function takeVideo(track: MediaStreamTrack, box: HTMLElement): HTMLVideoElement {
  const entry = kept.get(track);
  if (entry && entry.letGo === null && entry.element.parentElement !== box) {
    // Shown by another tile right now: this one gets its own.
    const element = newVideo(track);
    box.append(element);
    return element;
  }
  if (entry?.letGo) {
    clearTimeout(entry.letGo);
    entry.letGo = null;
  }
  const element = entry?.element ?? newVideo(track);
  if (!entry) kept.set(track, { element, letGo: null });
  moveInto(box, element);
  // Moved without keeping state, the element stopped playing; a muted element may always start again.
  if (element.paused) element.play().catch(() => undefined);
  return element;
}

/** Takes `element` (from `takeVideo`) out of its tile: held for the next tile while its track lives. */
export function giveBackVideo(track: MediaStreamTrack, element: HTMLVideoElement): void {
  const entry = kept.get(track);
  if (entry?.element !== element) {
    // A tile's own element (the track was shown twice): nobody takes it over.
    element.srcObject = null;
    element.remove();
    return;
  }
  if (track.readyState === 'ended') return letGo(track, entry);
  moveInto(heldIn(), element);
  entry.letGo = setTimeout(() => letGo(track, entry), HELD_FOR_MS);
}

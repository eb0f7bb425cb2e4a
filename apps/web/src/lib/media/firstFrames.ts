/**
 * When each remote video this tab received first went on screen, one entry per track, kept across pages
 * and calls in the tab; the pages follow `firstFrameShown`. In a build with test hooks
 * (__VWINDOW_TEST_HOOKS__) the entries are also on `window.vwindowFirstFrames`, for the end-to-end
 * tests and the benchmark, and each new one is announced as a 'vwindow:first-frame' event.
 */
import { SvelteSet } from 'svelte/reactivity';
import type { MediaSource, PeerSide } from '$shared';

export interface FirstFrame {
  source: MediaSource;
  side: PeerSide;
  trackId: string;
  /** Wall-clock milliseconds (performance.timeOrigin based), comparable across tabs. */
  at: number;
}

declare global {
  interface Window {
    vwindowFirstFrames?: FirstFrame[];
  }
}

/** The tracks whose first frame was on screen in this tab (reactive). */
const shown = new SvelteSet<string>();
const frames: FirstFrame[] = [];

/** Whether `track` showed its first frame in this tab already: a page reading this follows it. */
export function firstFrameShown(track: MediaStreamTrack): boolean {
  return shown.has(track.id);
}

/** Records `entry` unless its track's first frame was recorded already (by a tile shown before). */
export function recordFirstFrame(entry: FirstFrame): void {
  if (frames.some((frame) => frame.trackId === entry.trackId)) return;
  frames.push(entry);
  shown.add(entry.trackId);
  if (__VWINDOW_TEST_HOOKS__) {
    window.vwindowFirstFrames = frames;
    window.dispatchEvent(new CustomEvent('vwindow:first-frame', { detail: entry }));
  }
}

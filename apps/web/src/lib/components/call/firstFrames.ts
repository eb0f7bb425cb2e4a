/**
 * `window.vwindowFirstFrames`: when each remote video this tab received first went on screen, one entry
 * per track, kept across pages and calls in the tab. The end-to-end tests and the benchmark read it;
 * each new entry is also announced as a 'vwindow:first-frame' event, so that nobody has to poll.
 */
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

/** Records `entry` unless its track's first frame was recorded already (by a tile shown before). */
export function recordFirstFrame(entry: FirstFrame): void {
  const frames = (window.vwindowFirstFrames ??= []);
  if (frames.some((frame) => frame.trackId === entry.trackId)) return;
  frames.push(entry);
  window.dispatchEvent(new CustomEvent('vwindow:first-frame', { detail: entry }));
}

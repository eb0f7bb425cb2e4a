/**
 * `window.vwindowDebug`: what the end-to-end tests and the benchmark read from a call in progress —
 * frames and packets received, the signaling connection (and a way to drop it), and when each remote
 * video showed its first frame.
 */
import type { MediaSource, PeerSide } from '$shared';
import type { InboundStat } from '$lib/media/roomTransports';
import type { ConnectionState } from '$lib/signaling/SignalingClient';

export interface FirstFrame {
  source: MediaSource;
  side: PeerSide;
  /** Wall-clock milliseconds (performance.timeOrigin + performance.now()), comparable across tabs. */
  at: number;
}

export interface VwindowDebug {
  inboundStats(): Promise<InboundStat[]>;
  dropSignaling(): void;
  signalingState(): ConnectionState;
  /** One entry per remote video track, pushed on its first decoded frame; kept across calls in a tab. */
  firstFrames: FirstFrame[];
}

declare global {
  interface Window {
    vwindowDebug?: VwindowDebug;
  }
}

/** Points `window.vwindowDebug` at this call; returns the undo (which leaves a newer call's alone). */
export function installDebug(api: Omit<VwindowDebug, 'firstFrames'>): () => void {
  const installed: VwindowDebug = { ...api, firstFrames: window.vwindowDebug?.firstFrames ?? [] };
  window.vwindowDebug = installed;
  return () => {
    if (window.vwindowDebug !== installed) return;
    window.vwindowDebug = { inboundStats: () => Promise.resolve([]), dropSignaling: api.dropSignaling, signalingState: api.signalingState, firstFrames: installed.firstFrames };
  };
}

export function recordFirstFrame(source: MediaSource, side: PeerSide): void {
  const entry: FirstFrame = { source, side, at: performance.timeOrigin + performance.now() };
  if (window.vwindowDebug) window.vwindowDebug.firstFrames.push(entry);
  // For whoever waits for it (the benchmark) without polling the page.
  window.dispatchEvent(new CustomEvent('vwindow:first-frame', { detail: entry }));
}

/**
 * `window.vwindowDebug`: what the end-to-end tests and the benchmark read from a call in progress —
 * frames and packets received, the network path of each transport, and the signaling connection (and a way to drop it). When each remote
 * video first went on screen is in `window.vwindowFirstFrames` ($lib/media/firstFrames.ts).
 */
import type { InboundStat, TransportPath } from '$lib/media/roomTransports';
import type { ConnectionState } from '$lib/signaling/SignalingClient';

export interface VwindowDebug {
  inboundStats(): Promise<InboundStat[]>;
  /** The selected ICE candidate pair of each transport: UDP, TCP or through TURN. */
  transportPaths(): Promise<TransportPath[]>;
  dropSignaling(): void;
  signalingState(): ConnectionState;
  /** The screen this page shares (屏幕共享), to end it as the browser's own "stop sharing" bar would. */
  screenTrack?(): MediaStreamTrack | null;
}

declare global {
  interface Window {
    vwindowDebug?: VwindowDebug;
  }
}

/** Points `window.vwindowDebug` at this call; returns the undo (which leaves a newer call's alone). */
export function installDebug(api: VwindowDebug): () => void {
  const installed: VwindowDebug = { ...api };
  window.vwindowDebug = installed;
  return () => {
    if (window.vwindowDebug !== installed) return;
    window.vwindowDebug = { inboundStats: () => Promise.resolve([]), transportPaths: () => Promise.resolve([]), dropSignaling: api.dropSignaling, signalingState: api.signalingState };
  };
}

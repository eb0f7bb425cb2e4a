/**
 * `window.vwindowDebug.captureSeenAt[captureId]`: when this tab first showed a capture's thumbnail
 * (wall-clock ms, performance.timeOrigin + performance.now(), comparable across tabs), for the
 * benchmark. Kept in one object that is put back on whatever debug object the call installed last.
 */

declare module '$lib/components/call/vwindowDebug' {
  interface VwindowDebug {
    captureSeenAt?: Record<string, number>;
  }
}

const seenAt: Record<string, number> = {};

export function recordCaptureSeen(captureId: string): void {
  seenAt[captureId] ??= performance.timeOrigin + performance.now();
  const debug = window.vwindowDebug;
  if (debug) debug.captureSeenAt = seenAt;
}

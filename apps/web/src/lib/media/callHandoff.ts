/**
 * Calls started on one page for the page of their session: the home queue starts the call at 受理
 * and the session page takes it over once loaded. A call nobody takes within the timeout hangs up.
 */

export interface HandedCall {
  /** Null for a call not in a session (yet): such a call cannot be handed over. */
  readonly sessionId: string | null;
  readonly closed: boolean;
  close(): void;
}

/** How long a handed-over call waits for its page before it hangs up by itself. */
export const HANDOVER_TIMEOUT_MS = 20_000;

const waiting = new Map<string, { call: HandedCall; timer: ReturnType<typeof setTimeout> }>();

/** Keeps `call` for the page of its session; a call already waiting for that session is hung up. */
export function handOver(call: HandedCall, timeoutMs = HANDOVER_TIMEOUT_MS): void {
  const sessionId = call.sessionId;
  if (sessionId === null) throw new Error('only a call in a session can be handed over');
  const previous = waiting.get(sessionId);
  if (previous) {
    clearTimeout(previous.timer);
    if (previous.call !== call) previous.call.close();
  }
  const timer = setTimeout(() => {
    if (waiting.get(sessionId)?.call !== call) return;
    waiting.delete(sessionId);
    call.close();
  }, timeoutMs);
  waiting.set(sessionId, { call, timer });
}

/** The call handed over for `sessionId` (now the caller's to close), or null. */
export function takeOver<T extends HandedCall>(sessionId: string): T | null {
  const entry = waiting.get(sessionId);
  if (!entry) return null;
  clearTimeout(entry.timer);
  waiting.delete(sessionId);
  return entry.call.closed ? null : (entry.call as T);
}

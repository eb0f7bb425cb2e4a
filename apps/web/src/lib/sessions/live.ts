/**
 * Pages that follow a session or a queue as it changes: notifications from the tab's one signaling
 * connection, and a fresh load whenever the connection (re)opens, so that nothing pushed while it was
 * down is missed. Browser only; call from `$effect` and return the unsubscribe function.
 */
import { invalidateAll } from '$app/navigation';
import type { SessionView } from '$shared';
import { signaling } from '$lib/signaling/connection';

/** Calls `onUpdate` with each new view of session `id`; reloads the page data on every (re)connect. */
export function watchSession(id: string, onUpdate: (session: SessionView) => void): () => void {
  const client = signaling();
  const offUpdate = client.on('session.updated', ({ session }) => {
    if (session.id === id) onUpdate(session);
  });
  const offConnect = onConnected(() => void invalidateAll());
  return () => {
    offUpdate();
    offConnect();
  };
}

/** Calls `listener` each time the connection becomes connected after this call (not if it already is). */
export function onConnected(listener: () => void): () => void {
  let first = true;
  return signaling().onStateChange((state) => {
    const initial = first;
    first = false;
    if (state === 'connected' && !initial) listener();
  });
}

/**
 * One signaling connection per browser tab, opened on first use and shared by every component
 * (queue, waiting view, call). Browser only. With several servers, a session's room may be on
 * another node than the one that served the page: the room's media signaling then goes over a
 * connection of its own to that node (`roomSignaling`).
 */
import { SignalingClient } from './SignalingClient';

let client: SignalingClient | null = null;

export function signaling(): SignalingClient {
  client ??= new SignalingClient();
  return client;
}

/** Closes the tab's connection (e.g. on sign-out). */
export function closeSignaling(): void {
  client?.close();
  client = null;
}

/** The URL of this page's own signaling WebSocket. */
export function ownSignalingUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/**
 * A connection for a room held by the node at `wsUrl`: the tab's own when it is this page's node,
 * otherwise a new one that does not reconnect by itself (when it drops, the room asks the page's
 * own node again where the room is now: it may have moved).
 */
export function roomSignaling(wsUrl: string): SignalingClient {
  if (wsUrl === ownSignalingUrl()) return signaling();
  return new SignalingClient({ url: wsUrl, reconnectPolicy: { nextDelayMs: () => null } });
}

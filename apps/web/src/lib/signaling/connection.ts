/**
 * One signaling connection per browser tab, opened on first use and shared by every component
 * (queue, waiting view, call). Browser only.
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

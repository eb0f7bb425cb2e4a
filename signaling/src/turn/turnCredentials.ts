/**
 * Time-limited TURN credentials from a shared secret: coturn's `use-auth-secret` (TURN REST API)
 * scheme. The username is `<expiry unix seconds>:<staff id>`, the credential base64(HMAC-SHA1(secret,
 * username)); coturn recomputes it and refuses a username whose time has passed.
 */
import { createHmac } from 'node:crypto';
import type { IceServer } from '../protocol';

/** A shorter shared secret is refused at start-up. */
export const MIN_TURN_SECRET_LENGTH = 32;

export interface TurnCredential {
  username: string;
  credential: string;
}

export function turnCredential(secret: string, staffId: number, expiresAt: Date): TurnCredential {
  const username = `${Math.floor(expiresAt.getTime() / 1000)}:${staffId}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

/** The iceServers entry a browser gets for its sign-in (none when there are no TURN URLs). */
export function iceServersFor(turn: { urls: readonly string[]; secret: string } | null, staffId: number, expiresAt: Date): IceServer[] {
  if (!turn || turn.urls.length === 0) return [];
  return [{ urls: [...turn.urls], ...turnCredential(turn.secret, staffId, expiresAt) }];
}

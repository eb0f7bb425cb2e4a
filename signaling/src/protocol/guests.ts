/**
 * 第三方 (guests): what the clerks and the guest's own page send and receive. A clerk invites a guest
 * for one session with a role; the guest opens the one-time link, types a name and knocks; the inviting
 * clerk admits or refuses; either clerk may remove an admitted guest.
 */
import { z } from 'zod';
import { t } from './i18n';
import { lineText } from './text';
import { guestRoles, type GuestRole, type GuestStatus } from './values';

/** Path of the guest's page; the one-time token follows. */
export const GUEST_PAGE_PATH = '/guest';
/** The guest's own signaling WebSocket (the staff's is /ws). */
export const GUEST_SIGNALING_PATH = '/ws/guest';
/** The cookie the guest's browser holds after knocking: the key to its invitation, stored hashed. */
export const GUEST_COOKIE = 'vwindow_guest';
/** At most this many guests in a session at once (invited, knocking or admitted): with the two clerks, rooms of up to four parties. */
export const MAX_GUESTS_PER_SESSION = 2;

/** A guest link's token: 32 random bytes, base64url. */
export const guestToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { message: t('validation.guestToken') });
export const guestIdParam = z.coerce.number().int().positive({ message: t('validation.guestId') }).max(2 ** 31);

/** POST /api/sessions/:id/guests */
export const inviteGuestRequest = z.strictObject({
  role: z.enum(guestRoles, { message: t('validation.guestRole') }),
});
export type InviteGuestRequest = z.input<typeof inviteGuestRequest>;

/** POST /api/public/guests/:token/knock */
export const knockRequest = z.strictObject({
  name: lineText().min(1, { message: t('validation.guestName') }).max(20, { message: t('validation.guestName') }),
});
export type KnockRequest = z.input<typeof knockRequest>;

/** One guest of a session as its clerks see them. */
export interface GuestView {
  id: number;
  sessionId: string;
  role: GuestRole;
  status: GuestStatus;
  /** The name the guest typed when knocking; null before. */
  name: string | null;
  invitedBy: { id: number; displayName: string };
  invitedAt: string;
  knockedAt: string | null;
  /** The peer id the guest has in the room (see PeerInfo.staffId). */
  peerId: number;
}

/** The answer to an invitation: the one-time link, shown once (only its hash is stored). */
export interface GuestInvitation {
  guest: GuestView;
  /** Path and query of the guest page, e.g. /guest/<token>; the page makes the full address and QR code. */
  path: string;
}

/** What the guest's page shows before and after knocking. */
export interface GuestPageView {
  role: GuestRole;
  status: GuestStatus;
  name: string | null;
  matterName: string;
  localServicePoint: string;
  homeJurisdiction: string;
  invitedBy: string;
  /** Set once admitted: the session to join over the guest WebSocket. */
  sessionId: string | null;
}

/** The peer id of guest `id` in a room: negative, so that it never meets a staff id. */
export function guestPeerId(id: number): number {
  return -id;
}

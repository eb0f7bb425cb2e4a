/**
 * What the server hands the SvelteKit app for each page request, on adapter-node's
 * `platform.req.vwindow`: who is signed in and the services that pages and form actions may call.
 * Type-only for the web app; built per request by ./pageRequests.ts.
 */
import type { Database } from '@vwindow/db';
import type { ChatMessage, ErrorPayload, QueueEntry, SessionView, SignedInStaff, SignInRequest } from '../protocol';
import type { StartSessionInput } from '../sessions/SessionService';

export type SignInOutcome =
  | { ok: true; token: string; expiresAt: Date; staff: SignedInStaff }
  | { ok: false; status: number; error: ErrorPayload };

export interface WebAuth {
  /** Checks the password (with lockout) and opens a sign-in; the caller sets the cookie. */
  signIn(request: SignInRequest, meta: { userAgent: string; ip: string }): Promise<SignInOutcome>;
  /** Ends the sign-in behind this token; safe to call twice. */
  signOut(token: string): void;
}

/**
 * Session operations for form actions. Each throws an error with `status` (HTTP), `code` and
 * `toPayload()` (see signaling/src/errors.ts) when it refuses; use `errorPayloadOf()` in
 * apps/web/src/lib/server to turn it into `fail(status, …)`.
 */
export interface WebSessions {
  start(staff: SignedInStaff, input: StartSessionInput): SessionView;
  cancel(staff: SignedInStaff, id: string, reason?: string): SessionView;
  accept(staff: SignedInStaff, id: string): SessionView;
  end(staff: SignedInStaff, id: string, reason?: string): SessionView;
  view(staff: SignedInStaff, id: string): SessionView;
  queue(staff: SignedInStaff): QueueEntry[];
  chatHistory(staff: SignedInStaff, sessionId: string): ChatMessage[];
}

export interface WebContext {
  staff: SignedInStaff | null;
  /** The sign-in token from the cookie, when it is valid. */
  token: string | null;
  auth: WebAuth;
  sessions: WebSessions;
  database: Database;
  cookie: { name: string; secure: boolean; maxAgeSeconds: number };
}

/**
 * What the server hands the SvelteKit app for each page request, on adapter-node's
 * `platform.req.vwindow`: who is signed in and the services that pages and form actions may call.
 * Type-only for the web app; built per request by ./pageRequests.ts.
 */
import type { Database } from '@vwindow/db';
import type { SignedInStaff, SignInRequest, ErrorPayload } from '../protocol';

export type SignInOutcome =
  | { ok: true; token: string; expiresAt: Date; staff: SignedInStaff }
  | { ok: false; status: number; error: ErrorPayload };

export interface WebAuth {
  /** Checks the password (with lockout) and opens a sign-in; the caller sets the cookie. */
  signIn(request: SignInRequest, meta: { userAgent: string; ip: string }): Promise<SignInOutcome>;
  /** Ends the sign-in behind this token; safe to call twice. */
  signOut(token: string): void;
}

export interface WebContext {
  staff: SignedInStaff | null;
  /** The sign-in token from the cookie, when it is valid. */
  token: string | null;
  auth: WebAuth;
  database: Database;
  cookie: { name: string; secure: boolean; maxAgeSeconds: number };
}

/**
 * What the server hands the SvelteKit app for each page request, on adapter-node's
 * `platform.req.vwindow`: who is signed in and the services that pages and form actions call — the
 * same services, with the same rules and audit rows, that the Hono routes call. No database: a page
 * reaches the data only through these. Type-only for the web app; built per request by ./pageRequests.ts.
 */
import type { AdminSettingsService } from '../admin/AdminSettingsService';
import type { StaffDirectory } from '../admin/StaffDirectory';
import type { AuditService } from '../audit/AuditService';
import type { CatalogService } from '../catalog/CatalogService';
import type { CaseService } from '../cases/CaseService';
import type { CaseStatusLookup } from '../cases/CaseStatusLookup';
import type { ErrorPayload, SignedInStaff, SignInRequest } from '../protocol';
import type { FollowUpService } from '../followUps/FollowUpService';
import type { GuestService } from '../guests/GuestService';
import type { RatingService } from '../ratings/RatingService';
import type { SupervisionService } from '../supervision/SupervisionService';
import type { SessionService } from '../sessions/SessionService';
import type { NoticeService } from '../cases/notices/NoticeService';
import type { SignatureService } from '../signatures/SignatureService';
import type { RecordingLibrary } from '../recording/RecordingLibrary';

export type SignInOutcome =
  | { ok: true; token: string; expiresAt: Date; staff: SignedInStaff }
  | { ok: false; status: number; error: ErrorPayload };

export interface WebAuth {
  /** Checks the password within the sign-in limits (auth/signInGuard.ts) and opens a sign-in; the caller sets the cookie. A refusal is audited. */
  signIn(request: SignInRequest, meta: { userAgent: string; ip: string }): Promise<SignInOutcome>;
  /** Ends the sign-in behind this token; safe to call twice. */
  signOut(token: string): Promise<void>;
}

/**
 * The services' methods throw an error with `status` (HTTP), `code`, `audited` and `toPayload()` (see
 * signaling/src/errors.ts) when they refuse; `errorPayloadOf()` in apps/web/src/lib/server turns it
 * into `fail(status, …)` or an error page.
 */
export interface WebContext {
  staff: SignedInStaff | null;
  /** The sign-in token from the cookie, when it is valid. */
  token: string | null;
  /** The client's address (for the audit row of a refusal). */
  clientAddress: string;
  auth: WebAuth;
  sessions: SessionService;
  cases: CaseService;
  caseStatus: CaseStatusLookup;
  signatures: SignatureService;
  notices: NoticeService;
  ratings: RatingService;
  guests: GuestService;
  followUps: FollowUpService;
  supervision: SupervisionService;
  catalog: CatalogService;
  settings: AdminSettingsService;
  staffDirectory: StaffDirectory;
  audit: AuditService;
  /** 录音录像: the notice the local clerk confirms, and the recordings the home clerk and supervisors play. */
  recordings: RecordingLibrary;
  cookie: { name: string; secure: boolean; maxAgeSeconds: number };
  /** The largest capture upload the server takes (VWINDOW_UPLOAD_LIMIT_MB). */
  uploadLimitMb: number;
  /** Where the local CA's certificate can be downloaded, when the port uses the local CA; else null. */
  caCertificatePath: string | null;
  /**
   * An error a page's load or action did not catch (hooks.server.ts handleError): what the page answers
   * (errors.ts answerFor: a service's refusal as it is, 503 服务暂不可用 when the database is out of
   * reach, otherwise 500 服务器内部错误), logged in the server's log (which masks personal data,
   * logger.ts) when it is a failure.
   */
  pageFailed(cause: unknown, request: { method: string; path: string }): { status: number; error: ErrorPayload };
}

/**
 * What the server hands the SvelteKit app for each page request, on adapter-node's
 * `platform.req.vwindow`: who is signed in and the services that pages and form actions may call.
 * Type-only for the web app; built per request by ./pageRequests.ts.
 */
import type { Database } from '@vwindow/db';
import type { CaseFilter, CaseRow } from '@vwindow/db';
import type {
  AppealView,
  CaseDecision,
  CaseListItem,
  CaseView,
  PublicCaseStatus,
  ChatMessage,
  ErrorPayload,
  FollowUpView,
  LiveOverview,
  QueueEntry,
  RatingLink,
  RatingPage,
  RatingSubmission,
  SessionView,
  SignedInStaff,
  SignInRequest,
  Statistics,
  StatisticsPeriod,
} from '../protocol';
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

/** 好差评 for pages: the public rating page, the clerk's link, follow-ups, appeals, statistics. Errors as for WebSessions. */
export interface WebRatings {
  page(token: string): RatingPage;
  submit(token: string, submission: RatingSubmission): RatingPage;
  link(staff: SignedInStaff, sessionId: string): RatingLink;
}

export interface WebFollowUps {
  list(staff: SignedInStaff): FollowUpView[];
  step(
    staff: SignedInStaff,
    id: number,
    step: { step: 'return_call'; calledOn: string; outcome: string } | { step: 'rectify'; rectification: string } | { step: 'close' },
  ): FollowUpView;
  appeal(staff: SignedInStaff, ratingId: number, reason: string): AppealView;
  decide(staff: SignedInStaff, appealId: number, decision: { decision: 'upheld' | 'rejected'; note: string }): AppealView;
}

export interface WebSupervision {
  live(staff: SignedInStaff): LiveOverview;
  statistics(staff: SignedInStaff, period: StatisticsPeriod): Statistics;
}

/**
 * 办件 for pages. `readable` checks who may read the case (403 otherwise) and returns its row for
 * `view`; `list` takes a filter the page builds for the signed-in staff member. Errors as for WebSessions.
 */
export interface WebCases {
  receive(staff: SignedInStaff, sessionId: string, captureIds?: string[]): CaseRow;
  decide(staff: SignedInStaff, caseId: number, decision: CaseDecision): CaseRow;
  readable(staff: SignedInStaff, caseId: number): CaseRow;
  view(row: CaseRow): CaseView;
  list(filter: CaseFilter): CaseListItem[];
  publicStatus(caseNumber: string, idLast4: string): PublicCaseStatus;
  caseOfSession(staff: SignedInStaff, sessionId: string): CaseView | null;
}

export interface WebContext {
  staff: SignedInStaff | null;
  /** The sign-in token from the cookie, when it is valid. */
  token: string | null;
  auth: WebAuth;
  sessions: WebSessions;
  cases: WebCases;
  ratings: WebRatings;
  followUps: WebFollowUps;
  supervision: WebSupervision;
  database: Database;
  cookie: { name: string; secure: boolean; maxAgeSeconds: number };
  /** The largest capture upload the server takes (VWINDOW_UPLOAD_LIMIT_MB). */
  uploadLimitMb: number;
  /** Where the local CA's certificate can be downloaded, when the port uses the local CA; else null. */
  caCertificatePath: string | null;
}

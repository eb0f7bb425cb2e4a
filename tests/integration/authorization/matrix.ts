/**
 * The authorization matrix: for every HTTP API route, what each actor gets on things that are theirs
 * and things that are not. The rules are the services' (signaling/src/sessions/access.ts and each
 * service's checks): a session is seen by its two clerks and the supervisors over its home
 * jurisdiction (and, while it waits, by the home clerks of that jurisdiction's queue); only its local
 * clerk adds captures and cancels it; only its home clerk reviews, verifies and receives the case;
 * cases are read by the home clerks of their jurisdiction, the local clerk who started them and the
 * supervisors over them, and changed only by those home clerks; administration is the admin's; the
 * figures, follow-ups and appeal decisions are the supervisors'. Refusals are 403 (401 when not
 * signed in); what does not exist is 404 for whoever may ask.
 *
 * A route added to the app without an entry here makes the matrix test fail.
 */
import type { ApiRequest } from '../../support/apiClient';
import { documentPageJpeg } from '../../support/sampleFiles';
import { beijingDate } from '../../../signaling/src/cases/workingDays';
import { everyone, only, signedIn, type Actor } from '../../support/actors';
import { CITIZEN_ID, type CaseFixture, type Fixtures } from '../../support/apiFixtures';
import { guestCells } from './guestCells';
import { dataUrl, drawnSignature } from '../../support/signaturePng';

/** What is made once and shared by the cells that only read (or change nothing that matters). */
export interface Shared {
  waiting: string;
  active: string;
  captureId: string;
  kase: CaseFixture;
  ended: string;
  ratingToken: string;
  /** Verified, without a case yet. */
  verified: string;
  /** A bad rating (of another ended session), its follow-up, and an appeal of a third one. */
  ratingId: number;
  followUp: number;
  appeal: number;
  /** A document to sign of `kase`, one signature of it, and a notice (of a supplemented case). */
  documentId: string;
  documentSha256: string;
  signatureId: string;
  noticeId: number;
}

export interface MatrixEntry {
  /** `METHOD /path/:param` as the Hono app registers it. */
  route: string;
  /** What the cell is about, when the route has more than one entry. */
  on?: string;
  /**
   * The request one cell sends. `fresh` is set for cells that are to succeed: a state-changing one then
   * makes its own fixture; a refused one changes nothing and may use the shared one.
   */
  request: (f: Fixtures, shared: Shared, fresh: boolean) => Promise<RequestPart> | RequestPart;
  expect: Record<Actor, number>;
  /** The cell needs a sign-in of its own (it ends the one it uses). */
  ownSignIn?: boolean;
}

export type RequestPart = Omit<ApiRequest, 'method' | 'cookie'>;

const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
const MISSING_ID = 999_999;
const MISSING_TOKEN = 'x'.repeat(43);

const jpegUpload = (): RequestPart['raw'] => ({
  body: new Uint8Array(documentPageJpeg()),
  headers: { 'content-type': 'image/jpeg', 'x-capture-material': 'other', 'x-capture-kind': 'still' },
});

/** The session's readers: its two clerks and the supervisor over it. */
const sessionReaders = only({ 'local.own': 200, 'home.own': 200, 'supervisor.own': 200 });
/** A waiting session's readers: its local clerk, the supervisor over it, the home clerks of its queue. */
const waitingReaders = only({ 'local.own': 200, 'home.own': 200, 'home.colleague': 200, 'supervisor.own': 200 });
/** A case's readers: the home clerks of its jurisdiction, the local clerk who started it, the supervisor over it. */
const caseReaders = only({ 'local.own': 200, 'home.own': 200, 'home.colleague': 200, 'supervisor.own': 200 });
const admins = (status: number) => only({ admin: status });
const supervisors = only({ 'supervisor.own': 200, 'supervisor.other': 200 });

export const matrix: MatrixEntry[] = [
  // Public
  { route: 'GET /api/health', request: () => ({ path: '/api/health' }), expect: everyone(200) },
  { route: 'GET /api/admin/health', request: () => ({ path: '/api/admin/health' }), expect: admins(200) },
  {
    route: 'POST /api/auth/sign-in',
    request: () => ({ path: '/api/auth/sign-in', json: { username: 'pudong.home', password: 'Window@2026' } }),
    expect: everyone(200),
  },
  { route: 'POST /api/auth/sign-out', request: () => ({ path: '/api/auth/sign-out' }), expect: everyone(204), ownSignIn: true },
  // The port here is plain HTTP: there is no local CA to hand out.
  { route: 'GET /api/public/ca-certificate', request: () => ({ path: '/api/public/ca-certificate' }), expect: everyone(404) },
  {
    route: 'GET /api/public/case-status',
    request: (_f, s) => ({ path: `/api/public/case-status?number=${s.kase.caseNumber}&idLast4=${CITIZEN_ID.slice(-4)}` }),
    expect: everyone(200),
  },
  { route: 'GET /api/public/ratings/:token', request: (_f, s) => ({ path: `/api/public/ratings/${s.ratingToken}` }), expect: everyone(200) },
  { route: 'GET /api/public/ratings/:token', on: 'unknown link', request: () => ({ path: `/api/public/ratings/${MISSING_TOKEN}` }), expect: everyone(404) },
  {
    route: 'POST /api/public/ratings/:token',
    request: async (f, s, fresh) => ({ path: `/api/public/ratings/${fresh ? await f.ratingToken(await f.ended()) : s.ratingToken}`, json: { level: 5 } }),
    expect: everyone(201),
  },

  // Anyone signed in
  { route: 'GET /api/me', request: () => ({ path: '/api/me' }), expect: signedIn(200) },
  { route: 'GET /api/catalog/jurisdictions', request: () => ({ path: '/api/catalog/jurisdictions' }), expect: signedIn(200) },
  { route: 'GET /api/catalog/matters', request: () => ({ path: '/api/catalog/matters?jurisdiction=330482' }), expect: signedIn(200) },
  // Their own sessions (none for those who take part in none).
  { route: 'GET /api/sessions', request: () => ({ path: '/api/sessions' }), expect: signedIn(200) },

  // Sessions
  {
    route: 'POST /api/sessions',
    request: async (f) => ({
      path: '/api/sessions',
      json: { citizenName: '陈先生', citizenIdNumber: CITIZEN_ID, citizenPhone: '13800138000', homeJurisdictionCode: '330482', matterId: await f.matterId() },
    }),
    expect: only({ 'local.own': 201, 'local.other': 201, 'local.homeJurisdiction': 201 }),
  },
  { route: 'GET /api/sessions/:id', on: 'waiting', request: (_f, s) => ({ path: `/api/sessions/${s.waiting}` }), expect: waitingReaders },
  { route: 'GET /api/sessions/:id', on: 'active', request: (_f, s) => ({ path: `/api/sessions/${s.active}` }), expect: sessionReaders },
  { route: 'GET /api/sessions/:id', on: 'missing', request: () => ({ path: `/api/sessions/${MISSING_UUID}` }), expect: signedIn(404) },
  { route: 'POST /api/sessions/:id/cancel', request: async (f, s, fresh) => ({ path: `/api/sessions/${fresh ? await f.waiting() : s.waiting}/cancel` }), expect: only({ 'local.own': 200 }) },
  { route: 'POST /api/sessions/:id/cancel', on: 'missing', request: () => ({ path: `/api/sessions/${MISSING_UUID}/cancel` }), expect: signedIn(404) },
  {
    route: 'POST /api/sessions/:id/accept',
    request: async (f, s, fresh) => ({ path: `/api/sessions/${fresh ? await f.waiting() : s.waiting}/accept` }),
    expect: only({ 'home.own': 200, 'home.colleague': 200 }),
  },
  { route: 'POST /api/sessions/:id/accept', on: 'missing', request: () => ({ path: `/api/sessions/${MISSING_UUID}/accept` }), expect: signedIn(404) },
  // A supervisor listens in but does not end the call.
  { route: 'POST /api/sessions/:id/end', request: async (f, s, fresh) => ({ path: `/api/sessions/${fresh ? await f.active() : s.active}/end` }), expect: only({ 'local.own': 200, 'home.own': 200 }) },
  { route: 'POST /api/sessions/:id/end', on: 'missing', request: () => ({ path: `/api/sessions/${MISSING_UUID}/end` }), expect: signedIn(404) },
  { route: 'GET /api/sessions/:id/chat', request: (_f, s) => ({ path: `/api/sessions/${s.active}/chat` }), expect: sessionReaders },
  { route: 'GET /api/sessions/:id/chat', on: 'missing', request: () => ({ path: `/api/sessions/${MISSING_UUID}/chat` }), expect: signedIn(404) },
  // The home clerks of the queue who may read a waiting session do not get the home queue's own endpoint elsewhere.
  { route: 'GET /api/queue', request: () => ({ path: '/api/queue' }), expect: only({ 'home.own': 200, 'home.colleague': 200, 'home.other': 200 }) },

  // Captures and identity
  { route: 'POST /api/sessions/:id/captures', request: (_f, s) => ({ path: `/api/sessions/${s.active}/captures`, raw: jpegUpload() }), expect: only({ 'local.own': 201 }) },
  { route: 'POST /api/sessions/:id/captures', on: 'missing', request: () => ({ path: `/api/sessions/${MISSING_UUID}/captures`, raw: jpegUpload() }), expect: signedIn(404) },
  { route: 'GET /api/sessions/:id/captures', request: (_f, s) => ({ path: `/api/sessions/${s.active}/captures` }), expect: sessionReaders },
  { route: 'GET /api/sessions/:id/captures', on: 'missing', request: () => ({ path: `/api/sessions/${MISSING_UUID}/captures` }), expect: signedIn(404) },
  { route: 'GET /api/captures/:id/file', request: (_f, s) => ({ path: `/api/captures/${s.captureId}/file` }), expect: sessionReaders },
  { route: 'GET /api/captures/:id/file', on: 'missing', request: () => ({ path: `/api/captures/${MISSING_UUID}/file` }), expect: signedIn(404) },
  { route: 'POST /api/captures/:id/review', request: (_f, s) => ({ path: `/api/captures/${s.captureId}/review`, json: { status: 'accepted' } }), expect: only({ 'home.own': 200 }) },
  { route: 'POST /api/captures/:id/review', on: 'missing', request: () => ({ path: `/api/captures/${MISSING_UUID}/review`, json: { status: 'accepted' } }), expect: signedIn(404) },
  { route: 'GET /api/sessions/:id/identity', request: (_f, s) => ({ path: `/api/sessions/${s.active}/identity` }), expect: sessionReaders },
  { route: 'GET /api/sessions/:id/identity', on: 'missing', request: () => ({ path: `/api/sessions/${MISSING_UUID}/identity` }), expect: signedIn(404) },
  { route: 'POST /api/sessions/:id/identity', request: (_f, s) => ({ path: `/api/sessions/${s.active}/identity`, json: { verdict: 'verified' } }), expect: only({ 'home.own': 201 }) },
  { route: 'POST /api/sessions/:id/identity', on: 'missing', request: () => ({ path: `/api/sessions/${MISSING_UUID}/identity`, json: { verdict: 'verified' } }), expect: signedIn(404) },

  // Guests (第三方): see ./guestCells.ts
  ...guestCells,

  // Cases
  { route: 'POST /api/sessions/:id/case', request: async (f, s, fresh) => ({ path: `/api/sessions/${fresh ? (await f.verified()).sessionId : s.verified}/case`, json: { confirmGaps: true } }), expect: only({ 'home.own': 201 }) },
  { route: 'POST /api/sessions/:id/case', on: 'missing', request: () => ({ path: `/api/sessions/${MISSING_UUID}/case` }), expect: signedIn(404) },
  { route: 'GET /api/sessions/:id/case', request: (_f, s) => ({ path: `/api/sessions/${s.kase.sessionId}/case` }), expect: sessionReaders },
  { route: 'GET /api/sessions/:id/case', on: 'missing', request: () => ({ path: `/api/sessions/${MISSING_UUID}/case` }), expect: signedIn(404) },
  // Recordings (录音录像): the session's home clerk and the supervisors over it watch; its local clerk confirms the notice.
  { route: 'GET /api/sessions/:id/recording', request: (_f, s) => ({ path: `/api/sessions/${s.active}/recording` }), expect: only({ 'home.own': 200, 'supervisor.own': 200 }) },
  { route: 'POST /api/sessions/:id/recording-notice', request: (_f, s) => ({ path: `/api/sessions/${s.active}/recording-notice` }), expect: only({ 'local.own': 201 }) },
  { route: 'GET /api/recordings/:id/file', on: 'missing', request: () => ({ path: `/api/recordings/${MISSING_UUID}/file` }), expect: signedIn(404) },
  { route: 'POST /api/recordings/:id/purge', on: 'missing', request: () => ({ path: `/api/recordings/${MISSING_UUID}/purge` }), expect: signedIn(404) },
  { route: 'PUT /api/recordings/policies/:code', request: () => ({ path: '/api/recordings/policies/321200', json: { required: true, retentionDays: 180 } }), expect: admins(200) },
  { route: 'GET /api/cases', request: () => ({ path: '/api/cases' }), expect: only({ 'local.own': 200, 'local.other': 200, 'local.homeJurisdiction': 200, 'home.own': 200, 'home.colleague': 200, 'home.other': 200, 'supervisor.own': 200, 'supervisor.other': 200 }) },
  { route: 'GET /api/cases/:id', request: (_f, s) => ({ path: `/api/cases/${s.kase.caseId}` }), expect: caseReaders },
  { route: 'GET /api/cases/:id', on: 'missing', request: () => ({ path: `/api/cases/${MISSING_ID}` }), expect: signedIn(404) },
  {
    route: 'POST /api/cases/:id/decision',
    request: async (f, s, fresh) => ({ path: `/api/cases/${fresh ? (await f.withCase()).caseId : s.kase.caseId}/decision`, json: { action: 'accept' } }),
    expect: only({ 'home.own': 200, 'home.colleague': 200 }),
  },
  { route: 'POST /api/cases/:id/decision', on: 'missing', request: () => ({ path: `/api/cases/${MISSING_ID}/decision`, json: { action: 'accept' } }), expect: signedIn(404) },
  { route: 'GET /api/cases/:id/package', request: (_f, s) => ({ path: `/api/cases/${s.kase.caseId}/package` }), expect: caseReaders },
  { route: 'GET /api/cases/:id/package', on: 'missing', request: () => ({ path: `/api/cases/${MISSING_ID}/package` }), expect: signedIn(404) },

  // Signatures (签名) and 一次性告知书: the kiosk is the local clerk's; the case's readers read them.
  {
    route: 'POST /api/cases/:id/signing-documents',
    request: (_f, s) => ({ path: `/api/cases/${s.kase.caseId}/signing-documents`, json: { kind: 'application_form' } }),
    expect: only({ 'local.own': 201 }),
  },
  { route: 'POST /api/cases/:id/signing-documents', on: 'missing', request: () => ({ path: `/api/cases/${MISSING_ID}/signing-documents`, json: { kind: 'receipt' } }), expect: signedIn(404) },
  { route: 'GET /api/cases/:id/signatures', request: (_f, s) => ({ path: `/api/cases/${s.kase.caseId}/signatures` }), expect: caseReaders },
  { route: 'GET /api/cases/:id/signatures', on: 'missing', request: () => ({ path: `/api/cases/${MISSING_ID}/signatures` }), expect: signedIn(404) },
  { route: 'GET /api/signing-documents/:id/pdf', request: (_f, s) => ({ path: `/api/signing-documents/${s.documentId}/pdf` }), expect: caseReaders },
  { route: 'GET /api/signing-documents/:id/pdf', on: 'missing', request: () => ({ path: `/api/signing-documents/${MISSING_UUID}/pdf` }), expect: signedIn(404) },
  {
    route: 'POST /api/signing-documents/:id/signatures',
    request: (_f, s) => ({ path: `/api/signing-documents/${s.documentId}/signatures`, json: { documentSha256: s.documentSha256, image: dataUrl(drawnSignature()) } }),
    expect: only({ 'local.own': 201 }),
  },
  {
    route: 'POST /api/signing-documents/:id/signatures',
    on: 'missing',
    request: () => ({ path: `/api/signing-documents/${MISSING_UUID}/signatures`, json: { documentSha256: '0'.repeat(64), image: dataUrl(drawnSignature()) } }),
    expect: signedIn(404),
  },
  { route: 'GET /api/signatures/:id/image', request: (_f, s) => ({ path: `/api/signatures/${s.signatureId}/image` }), expect: caseReaders },
  { route: 'GET /api/signatures/:id/image', on: 'missing', request: () => ({ path: `/api/signatures/${MISSING_UUID}/image` }), expect: signedIn(404) },
  { route: 'GET /api/cases/:id/notices', request: (_f, s) => ({ path: `/api/cases/${s.kase.caseId}/notices` }), expect: caseReaders },
  { route: 'GET /api/cases/:id/notices', on: 'missing', request: () => ({ path: `/api/cases/${MISSING_ID}/notices` }), expect: signedIn(404) },
  { route: 'GET /api/notices/:id/pdf', request: (_f, s) => ({ path: `/api/notices/${s.noticeId}/pdf` }), expect: caseReaders },
  { route: 'GET /api/notices/:id/pdf', on: 'missing', request: () => ({ path: `/api/notices/${MISSING_ID}/pdf` }), expect: signedIn(404) },

  // Ratings, follow-ups, appeals
  // The kiosk link is for the two clerks of the ended session.
  { route: 'GET /api/sessions/:id/rating-link', request: (_f, s) => ({ path: `/api/sessions/${s.ended}/rating-link` }), expect: only({ 'local.own': 200, 'home.own': 200 }) },
  { route: 'GET /api/sessions/:id/rating-link', on: 'missing', request: () => ({ path: `/api/sessions/${MISSING_UUID}/rating-link` }), expect: signedIn(404) },
  { route: 'GET /api/follow-ups', request: () => ({ path: '/api/follow-ups' }), expect: supervisors },
  {
    route: 'POST /api/follow-ups/:id/steps',
    request: async (f, s, fresh) => ({ path: `/api/follow-ups/${fresh ? await f.followUp() : s.followUp}/steps`, json: { step: 'return_call', calledOn: beijingDate(new Date()), outcome: '已回访' } }),
    expect: only({ 'supervisor.own': 200 }),
  },
  { route: 'POST /api/follow-ups/:id/steps', on: 'missing', request: () => ({ path: `/api/follow-ups/${MISSING_ID}/steps`, json: { step: 'close' } }), expect: signedIn(404) },
  // Only the clerk the rating is attributed to appeals it.
  {
    route: 'POST /api/ratings/:id/appeals',
    request: async (f, s, fresh) => ({ path: `/api/ratings/${fresh ? (await f.badRating()).ratingId : s.ratingId}/appeals`, json: { reason: '网络问题' } }),
    expect: only({ 'home.own': 201 }),
  },
  { route: 'POST /api/ratings/:id/appeals', on: 'missing', request: () => ({ path: `/api/ratings/${MISSING_ID}/appeals`, json: { reason: '网络问题' } }), expect: signedIn(404) },
  {
    route: 'POST /api/appeals/:id/decision',
    request: async (f, s, fresh) => ({ path: `/api/appeals/${fresh ? await f.appeal() : s.appeal}/decision`, json: { decision: 'rejected', note: '' } }),
    expect: only({ 'supervisor.own': 200 }),
  },
  { route: 'POST /api/appeals/:id/decision', on: 'missing', request: () => ({ path: `/api/appeals/${MISSING_ID}/decision`, json: { decision: 'rejected' } }), expect: signedIn(404) },

  // Supervision
  { route: 'GET /api/supervision/live', request: () => ({ path: '/api/supervision/live' }), expect: supervisors },
  { route: 'GET /api/supervision/statistics', request: () => ({ path: '/api/supervision/statistics?period=7d' }), expect: supervisors },
  { route: 'GET /api/supervision/statistics.csv', request: () => ({ path: '/api/supervision/statistics.csv?period=30d' }), expect: supervisors },

  // Audit and administration
  { route: 'GET /api/audit/verify', request: () => ({ path: '/api/audit/verify' }), expect: only({ admin: 200, 'supervisor.own': 200, 'supervisor.other': 200 }) },
  { route: 'GET /api/admin/audit', request: () => ({ path: '/api/admin/audit?entityType=session' }), expect: admins(200) },
  { route: 'GET /api/admin/webhooks', request: () => ({ path: '/api/admin/webhooks' }), expect: admins(200) },
  // 泰州 (321200) has no sessions in these tests: its webhook is never called.
  // An address literal outside every refused range (TEST-NET-3): the test machine resolves no names.
  { route: 'PUT /api/admin/webhooks/:code', request: () => ({ path: '/api/admin/webhooks/321200', json: { url: 'https://203.0.113.10/vwindow' } }), expect: admins(200) },
  { route: 'PUT /api/admin/webhooks/:code', on: 'unknown jurisdiction', request: () => ({ path: '/api/admin/webhooks/999999', json: { url: 'https://203.0.113.10/vwindow' } }), expect: admins(400) },
  { route: 'DELETE /api/admin/webhooks/:code', request: () => ({ path: '/api/admin/webhooks/321200' }), expect: admins(204) },
  { route: 'GET /api/admin/webhook-failures', request: () => ({ path: '/api/admin/webhook-failures' }), expect: admins(200) },
  { route: 'POST /api/admin/webhook-deliveries/:id/retry', request: () => ({ path: `/api/admin/webhook-deliveries/${MISSING_ID}/retry` }), expect: admins(200) },
  { route: 'GET /api/admin/calendar', request: () => ({ path: '/api/admin/calendar' }), expect: admins(200) },
  { route: 'PUT /api/admin/calendar/:date', request: () => ({ path: '/api/admin/calendar/2031-01-02', json: { kind: 'holiday', name: '测试' } }), expect: admins(200) },
  { route: 'DELETE /api/admin/calendar/:date', request: () => ({ path: '/api/admin/calendar/2031-01-02' }), expect: admins(204) },
];

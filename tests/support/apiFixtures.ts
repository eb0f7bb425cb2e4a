/**
 * The things the matrix asks about, made through the HTTP API as the clerks make them: sessions
 * waiting, active (with a capture), verified with a case, ended and rated, a follow-up and an appeal.
 * Shared ones are made once; `fresh` ones for each cell that changes state.
 */
import { idCheckDigit } from '../../signaling/src/protocol';
import { apiRequest, type ApiRequest } from './apiClient';
import { documentPageJpeg } from './sampleFiles';
import { dataUrl, drawnSignature } from './signaturePng';
import type { TestServer } from './testServer';
import type { Actor } from './actors';
import { ratingOfSession } from '@vwindow/db';
import { followUpIdOfRating } from './storeRows';
import { recordingNoticePath } from './recordingNotice';

export const PINGHU = '330482';
const FIRST17 = '33048219880315123';
export const CITIZEN_ID = FIRST17 + idCheckDigit(FIRST17);

export interface CaseFixture {
  sessionId: string;
  caseId: number;
  caseNumber: string;
}

export class Fixtures {
  readonly #server: TestServer;
  readonly cookies: Record<Actor, string | null>;
  #matterId: number | null = null;

  constructor(server: TestServer, cookies: Record<Actor, string | null>) {
    this.#server = server;
    this.cookies = cookies;
  }

  /** A request as `actor`, that must answer `status`. */
  async as<T = Record<string, unknown>>(actor: Actor, request: Omit<ApiRequest, 'cookie'>, status: number): Promise<T> {
    const response = await apiRequest(this.#server.url, { ...request, cookie: this.cookies[actor] });
    if (response.status !== status) throw new Error(`fixture ${request.method} ${request.path} as ${actor}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as T;
  }

  async matterId(): Promise<number> {
    if (this.#matterId === null) {
      const { matters } = await this.as<{ matters: { id: number }[] }>('local.own', { method: 'GET', path: `/api/catalog/matters?jurisdiction=${PINGHU}` }, 200);
      this.#matterId = matters[0]!.id;
    }
    return this.#matterId;
  }

  async waiting(): Promise<string> {
    const body = {
      citizenName: '陈先生',
      citizenIdNumber: CITIZEN_ID,
      citizenPhone: '13800138000',
      homeJurisdictionCode: PINGHU,
      matterId: await this.matterId(),
    };
    const { session } = await this.as<{ session: { id: string } }>('local.own', { method: 'POST', path: '/api/sessions', json: body }, 201);
    // Told of the recording (本次服务全程录音录像), so that it can be accepted.
    await this.as('local.own', { method: 'POST', path: recordingNoticePath(session.id) }, 201);
    return session.id;
  }

  async active(): Promise<string> {
    const id = await this.waiting();
    await this.as('home.own', { method: 'POST', path: `/api/sessions/${id}/accept` }, 200);
    return id;
  }

  async capture(sessionId: string): Promise<string> {
    const { capture } = await this.as<{ capture: { id: string } }>(
      'local.own',
      {
        method: 'POST',
        path: `/api/sessions/${sessionId}/captures`,
        raw: { body: new Uint8Array(documentPageJpeg()), headers: { 'content-type': 'image/jpeg', 'x-capture-material': 'other', 'x-capture-kind': 'still' } },
      },
      201,
    );
    return capture.id;
  }

  /** An active session with a capture and the identity verified: ready for its case. */
  async verified(): Promise<{ sessionId: string; captureId: string }> {
    const sessionId = await this.active();
    const captureId = await this.capture(sessionId);
    await this.as('home.own', { method: 'POST', path: `/api/sessions/${sessionId}/identity`, json: { verdict: 'verified' } }, 201);
    return { sessionId, captureId };
  }

  async withCase(): Promise<CaseFixture> {
    const { sessionId } = await this.verified();
    const { case: kase } = await this.as<{ case: { id: number; caseNumber: string } }>('home.own', { method: 'POST', path: `/api/sessions/${sessionId}/case`, json: { confirmGaps: true } }, 201);
    return { sessionId, caseId: kase.id, caseNumber: kase.caseNumber };
  }

  async ended(): Promise<string> {
    const id = await this.active();
    await this.as('home.own', { method: 'POST', path: `/api/sessions/${id}/end` }, 200);
    return id;
  }

  /** The one-time rating token of an ended session. */
  async ratingToken(sessionId: string): Promise<string> {
    const { link } = await this.as<{ link: { path: string } }>('local.own', { method: 'GET', path: `/api/sessions/${sessionId}/rating-link` }, 200);
    return link.path.split('/').at(-1)!;
  }

  /** An ended session rated 非常不满意 (which opens a follow-up); its rating id. */
  async badRating(): Promise<{ sessionId: string; ratingId: number }> {
    const sessionId = await this.ended();
    const token = await this.ratingToken(sessionId);
    await this.as('anonymous', { method: 'POST', path: `/api/public/ratings/${token}`, json: { level: 1, reasons: ['attitude'], comment: '' } }, 201);
    const row = await ratingOfSession(this.#server.services.database.db, sessionId);
    return { sessionId, ratingId: row!.id };
  }

  async followUp(): Promise<number> {
    const { ratingId } = await this.badRating();
    return (await followUpIdOfRating(this.#server.services.database, ratingId))!;
  }

  /** A case with a document to sign and one signature of it, and a declined case with its 一次性告知书. */
  async signedAndNoticed(): Promise<{ documentId: string; documentSha256: string; signatureId: string; noticeId: number }> {
    const { caseId } = await this.withCase();
    const { document } = await this.as<{ document: { id: string; sha256: string } }>('local.own', { method: 'POST', path: `/api/cases/${caseId}/signing-documents`, json: { kind: 'application_form' } }, 201);
    const { signature } = await this.as<{ signature: { id: string } }>(
      'local.own',
      { method: 'POST', path: `/api/signing-documents/${document.id}/signatures`, json: { documentSha256: document.sha256, image: dataUrl(drawnSignature()) } },
      201,
    );
    const declined = await this.withCase();
    await this.as('home.own', { method: 'POST', path: `/api/cases/${declined.caseId}/decision`, json: { action: 'decline', reason: '不属于本机关职权范围' } }, 200);
    const { notices } = await this.as<{ notices: { id: number }[] }>('home.own', { method: 'GET', path: `/api/cases/${declined.caseId}/notices` }, 200);
    return { documentId: document.id, documentSha256: document.sha256, signatureId: signature.id, noticeId: notices[0]!.id };
  }

  async appeal(): Promise<number> {
    const { ratingId } = await this.badRating();
    const { appeal } = await this.as<{ appeal: { id: number } }>('home.own', { method: 'POST', path: `/api/ratings/${ratingId}/appeals`, json: { reason: '网络问题' } }, 201);
    return appeal.id;
  }
}

/**
 * Captures of a session: the local clerk adds them (a still from a camera, or an uploaded file), both
 * clerks see them live, the home clerk accepts each or asks for a re-capture. Files are served only to
 * the session's clerks and the supervisors over it, with the type verified at upload.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  captureWithNames,
  capturesOfSession,
  findSession,
  insertCapture,
  materialOfMatter,
  reviewCapture,
  type CaptureWithNames,
  type Database,
  type SessionRow,
} from '@vwindow/db';
import { AppError } from '../errors';
import { t, type CaptureView, type SignedInStaff } from '../protocol';
import { refusal, sideOf } from '../sessions/access';
import { notice, sessionWatchers, type LiveNotifier, type Notice } from '../ws/notices';
import type { CaptureStore } from './CaptureStore';
import { isCaptureMimeType } from './fileTypes';

export interface CaptureUpload {
  declaredType: string;
  material: number | 'other';
  kind: 'still' | 'upload';
  contentLength: number | null;
  body: Readable;
}

export class CaptureService {
  readonly #database: Database;
  readonly #store: CaptureStore;
  readonly #live: LiveNotifier;

  constructor(options: { database: Database; store: CaptureStore; live: LiveNotifier }) {
    this.#database = options.database;
    this.#store = options.store;
    this.#live = options.live;
  }

  get #db() {
    return this.#database.db;
  }

  /** Checks everything that can be checked before reading the body, then stores it. */
  async upload(staff: SignedInStaff, sessionId: string, upload: CaptureUpload): Promise<CaptureView> {
    const session = await this.#session(sessionId);
    if (sideOf(staff, session) !== 'local') throw await refusal(this.#db, staff, 'capture.upload_refused', { type: 'session', id: sessionId });
    if (session.status !== 'active') throw new AppError('SESSION_NOT_ACTIVE');
    if (!isCaptureMimeType(upload.declaredType)) throw new AppError('CAPTURE_TYPE_NOT_ALLOWED');
    // A still is a frame taken from a camera: an image, never a PDF.
    if (upload.kind === 'still' && upload.declaredType === 'application/pdf') throw new AppError('CAPTURE_TYPE_NOT_ALLOWED');
    if (upload.material !== 'other' && !(await materialOfMatter(this.#db, upload.material, session.matterId))) {
      throw new AppError('MATERIAL_NOT_IN_MATTER');
    }
    const stored = await this.#store.save(upload.body, upload.declaredType, upload.contentLength);
    const row = await insertCapture(this.#db, {
      id: randomUUID(),
      sessionId,
      materialId: upload.material === 'other' ? null : upload.material,
      kind: upload.kind,
      mimeType: stored.mimeType,
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      width: stored.width,
      height: stored.height,
      capturedById: staff.id,
      createdAt: new Date(),
    });
    const view = this.#view((await captureWithNames(this.#db, row.id))!);
    this.#live.tell({ kind: 'capture.changed', sessionId, captureId: view.id, created: true }, this.#notices(session, view, true));
    return view;
  }

  async list(staff: SignedInStaff, sessionId: string): Promise<CaptureView[]> {
    const session = await this.#session(sessionId);
    if (sideOf(staff, session) === null) throw await refusal(this.#db, staff, 'capture.list_refused', { type: 'session', id: sessionId });
    return (await capturesOfSession(this.#db, sessionId)).map((c) => this.#view(c));
  }

  /** The file behind a capture, for someone allowed to see it. */
  async file(staff: SignedInStaff, captureId: string): Promise<{ path: string; mimeType: string; sizeBytes: number; sha256: string }> {
    const found = await captureWithNames(this.#db, captureId);
    if (!found) throw new AppError('CAPTURE_NOT_FOUND');
    const session = await this.#session(found.capture.sessionId);
    if (sideOf(staff, session) === null) throw await refusal(this.#db, staff, 'capture.read_refused', { type: 'capture', id: captureId });
    const { capture } = found;
    return { path: this.#store.pathOf(capture.sha256), mimeType: capture.mimeType, sizeBytes: capture.sizeBytes, sha256: capture.sha256 };
  }

  async review(staff: SignedInStaff, captureId: string, decision: { status: 'accepted' } | { status: 'recapture_requested'; reason: string }): Promise<CaptureView> {
    const found = await captureWithNames(this.#db, captureId);
    if (!found) throw new AppError('CAPTURE_NOT_FOUND');
    const session = await this.#session(found.capture.sessionId);
    if (sideOf(staff, session) !== 'home') throw await refusal(this.#db, staff, 'capture.review_refused', { type: 'capture', id: captureId });
    await reviewCapture(this.#db, captureId, decision.status, decision.status === 'recapture_requested' ? decision.reason : null);
    const view = this.#view((await captureWithNames(this.#db, captureId))!);
    this.#live.tell({ kind: 'capture.changed', sessionId: session.id, captureId: view.id, created: false }, this.#notices(session, view, false));
    return view;
  }

  async #session(id: string): Promise<SessionRow> {
    const session = await findSession(this.#db, id);
    if (!session) throw new AppError('SESSION_NOT_FOUND');
    return session;
  }

  #view({ capture, materialName, capturedByName }: CaptureWithNames): CaptureView {
    return {
      id: capture.id,
      sessionId: capture.sessionId,
      materialId: capture.materialId,
      materialName: materialName ?? t('names.otherMaterial'),
      kind: capture.kind,
      mimeType: capture.mimeType,
      sizeBytes: capture.sizeBytes,
      sha256: capture.sha256,
      width: capture.width,
      height: capture.height,
      status: capture.status,
      reviewNote: capture.reviewNote,
      capturedBy: { id: capture.capturedById, displayName: capturedByName },
      createdAt: capture.createdAt.toISOString(),
      url: `/api/captures/${capture.id}/file`,
    };
  }

  /** A capture as it is now, new (`created`) or updated, to both clerks and the supervisors over the session. */
  async captureNotices(captureId: string, created: boolean): Promise<Notice[]> {
    const found = await captureWithNames(this.#db, captureId);
    const session = found && (await findSession(this.#db, found.capture.sessionId));
    return found && session ? this.#notices(session, this.#view(found), created) : [];
  }

  #notices(session: SessionRow, capture: CaptureView, created: boolean): Notice[] {
    return [notice(sessionWatchers(session), created ? 'capture.new' : 'capture.updated', { capture })];
  }
}

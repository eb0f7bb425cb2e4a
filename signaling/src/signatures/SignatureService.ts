/**
 * 签名: the local clerk makes the document to sign from the case (the application form or the receipt,
 * a PDF kept byte for byte), the kiosk shows it, and the citizen signs. A signature is taken only for
 * the sha256 of the document as shown (else SIGNATURE_DOCUMENT_MISMATCH, nothing stored) and only with
 * ink (SIGNATURE_EMPTY); it is kept with that sha256, its own, the time and the session, in the same
 * transaction as its audit row (so it is in the hash chain), and pushed live to the home clerks.
 * Signing again adds a signature; none is ever replaced. The signing step itself is a Signer (./Signer.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  captureIdsOfCase,
  captureWithNames,
  eventsOfCase,
  findCase,
  findSession,
  findSignature,
  findSigningDocument,
  insertSignature,
  insertSigningDocument,
  sessionDetails,
  signatureImage,
  signaturesOfCase,
  signingDocumentsOfCase,
  type CaseRow,
  type Database,
  type SigningDocumentFacts,
} from '@vwindow/db';
import { recordRefusal } from '../audit/refusals';
import { AppError } from '../errors';
import { maskIdNumber, maskName, t, type CaseSignatures, type ErrorCode, type SignatureRequest, type SignatureView, type SignedInStaff, type SigningDocumentKind, type SigningDocumentView } from '../protocol';
import { signingDocumentPdf } from '../documents/signingDocumentPdf';
import { refusal } from '../sessions/access';
import { caseWatchers, notice, type LiveNotifier, type Notice } from '../ws/notices';
import type { CaseReadCheck } from '../cases/notices/NoticeService';
import type { Signer } from './Signer';

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface SignatureServiceOptions {
  database: Database;
  live: LiveNotifier;
  readable: CaseReadCheck;
  signer: Signer;
  now?: () => Date;
}

export class SignatureService {
  readonly #database: Database;
  readonly #live: LiveNotifier;
  readonly #readable: CaseReadCheck;
  readonly #signer: Signer;
  readonly #now: () => Date;

  constructor(options: SignatureServiceOptions) {
    this.#database = options.database;
    this.#live = options.live;
    this.#readable = options.readable;
    this.#signer = options.signer;
    this.#now = options.now ?? (() => new Date());
  }

  get #db() {
    return this.#database.db;
  }

  /**
   * Makes the document to sign from the case, for its latest session (the one that received it, or a
   * later one that resumed it after a 补正): only that session's local clerk (the kiosk is at their window).
   */
  async prepare(staff: SignedInStaff, caseId: number, kind: SigningDocumentKind): Promise<SigningDocumentView> {
    const kase = await findCase(this.#db, caseId);
    if (!kase) throw new AppError('CASE_NOT_FOUND');
    const sessionId = (await eventsOfCase(this.#db, kase.id)).findLast(({ event }) => event.sessionId !== null)?.event.sessionId ?? kase.sessionId;
    const details = (await sessionDetails(this.#db, sessionId))!;
    if (details.session.localClerkId !== staff.id) throw await refusal(this.#db, staff, 'signing_document.create_refused', { type: 'case', id: String(caseId) }, { kind });
    const now = this.#now();
    const materials = (await Promise.all((await captureIdsOfCase(this.#db, kase.id)).map((id) => captureWithNames(this.#db, id))))
      .filter((c) => !!c)
      .map((c) => ({ material: c.materialName ?? t('names.otherMaterial'), sha256: c.capture.sha256 }));
    const pdf = await signingDocumentPdf({
      kind,
      caseNumber: kase.caseNumber,
      matterName: details.matter.name,
      homeJurisdictionName: details.homeJurisdictionName,
      applicantName: maskName(details.session.citizenName),
      applicantIdNumber: maskIdNumber(details.session.citizenIdNumber),
      localServicePointName: details.localServicePoint.name,
      receivedAt: kase.createdAt,
      materials,
      generatedAt: now,
    });
    const sha256 = sha256Of(pdf);
    const row = await insertSigningDocument(
      this.#db,
      { id: randomUUID(), caseId: kase.id, sessionId, kind, sha256, pdf: Buffer.from(pdf), createdById: staff.id, createdAt: now },
      { actorId: staff.id, action: 'signing_document.created', entityType: 'signing_document', after: { caseId: kase.id, caseNumber: kase.caseNumber, sessionId, kind, sha256, sizeBytes: pdf.length } },
    );
    return this.#documentView({ ...row, sizeBytes: pdf.length }, kase);
  }

  /** A document to sign, for whoever may read its case. */
  async document(staff: SignedInStaff, documentId: string): Promise<SigningDocumentView> {
    const row = await this.#mustFindDocument(documentId);
    const kase = await this.#readable(staff, row.caseId);
    return this.#documentView({ ...row, sizeBytes: row.pdf.length }, kase);
  }

  /** The document's bytes exactly as made (and as hashed). */
  async pdf(staff: SignedInStaff, documentId: string): Promise<{ fileName: string; bytes: Uint8Array }> {
    const row = await this.#mustFindDocument(documentId);
    const kase = await this.#readable(staff, row.caseId);
    return { fileName: `${kase.caseNumber}-${row.kind}-${row.sha256.slice(0, 8)}.pdf`, bytes: row.pdf };
  }

  /**
   * The citizen's signature of the document shown, taken on the kiosk of the session's local clerk.
   * Refused (audited, nothing stored): someone else's kiosk (403), another document's hash (409), no ink (422).
   */
  async sign(staff: SignedInStaff, documentId: string, request: SignatureRequest): Promise<SignatureView> {
    const document = await this.#mustFindDocument(documentId);
    const session = (await findSession(this.#db, document.sessionId))!;
    const target = { type: 'signing_document', id: documentId };
    if (session.localClerkId !== staff.id) throw await refusal(this.#db, staff, 'signature.add_refused', target);
    if (request.documentSha256 !== document.sha256) {
      throw await this.#refused(staff, target, 'SIGNATURE_DOCUMENT_MISMATCH', { shownSha256: request.documentSha256, documentSha256: document.sha256 });
    }
    let evidence;
    try {
      evidence = await this.#signer.sign(request, document.sha256);
    } catch (cause) {
      if (cause instanceof AppError) throw await this.#refused(staff, target, cause.code, {}, cause);
      throw cause;
    }
    const kase = (await findCase(this.#db, document.caseId))!;
    const signedAt = this.#now();
    const row = await insertSignature(
      this.#db,
      {
        id: randomUUID(),
        documentId,
        caseId: document.caseId,
        sessionId: document.sessionId,
        method: evidence.method,
        documentSha256: document.sha256,
        image: evidence.image,
        imageSha256: evidence.imageSha256,
        takenById: staff.id,
        signedAt,
      },
      {
        actorId: staff.id,
        action: 'signature.added',
        entityType: 'signature',
        after: { caseId: kase.id, caseNumber: kase.caseNumber, sessionId: document.sessionId, documentId, documentKind: document.kind, documentSha256: document.sha256, imageSha256: evidence.imageSha256, method: evidence.method, signedAt: signedAt.toISOString() },
      },
    );
    const view = this.#signatureView({ ...row, documentKind: document.kind });
    this.#live.tell({ kind: 'signature.added', sessionId: document.sessionId, caseId: kase.id, signatureId: view.id }, this.#notices(session, kase, view));
    return view;
  }

  /** A signature just taken, to the session's local clerk, the home clerks of the case and the supervisors over it. */
  async signatureNotices(caseId: number, signatureId: string): Promise<Notice[]> {
    const kase = await findCase(this.#db, caseId);
    const row = kase && (await signaturesOfCase(this.#db, caseId)).find((s) => s.id === signatureId);
    const session = row && (await findSession(this.#db, row.sessionId));
    return kase && row && session ? this.#notices(session, kase, this.#signatureView(row)) : [];
  }

  #notices(session: { localClerkId: number }, kase: { id: number; homeJurisdictionCode: string }, signature: SignatureView): Notice[] {
    return [notice(caseWatchers(session.localClerkId, kase.homeJurisdictionCode), 'signature.added', { sessionId: signature.sessionId, caseId: kase.id, signature })];
  }

  /** Every document made for signing and every signature of a case, for whoever may read it. */
  async ofCase(staff: SignedInStaff, caseId: number): Promise<CaseSignatures> {
    const kase = await this.#readable(staff, caseId);
    return await this.#ofCase(kase);
  }

  /** A signature's image (PNG), for whoever may read its case. */
  async image(staff: SignedInStaff, signatureId: string): Promise<Buffer> {
    const row = await findSignature(this.#db, signatureId);
    if (!row) throw new AppError('SIGNATURE_NOT_FOUND');
    await this.#readable(staff, row.caseId);
    return (await signatureImage(this.#db, signatureId))!;
  }

  /** The documents (PDF) and signatures (PNG) for the case's export package, listed with their sha256. */
  async packageEntries(kase: CaseRow): Promise<{ files: Record<string, Uint8Array>; manifest: Record<string, unknown> }> {
    const files: Record<string, Uint8Array> = {};
    const { documents, signatures } = await this.#ofCase(kase);
    for (const d of documents) files[`signing/${d.sha256}.pdf`] = (await findSigningDocument(this.#db, d.id))!.pdf;
    for (const s of signatures) files[`signing/signature-${s.imageSha256}.png`] = (await signatureImage(this.#db, s.id))!;
    return {
      files,
      manifest: {
        signingDocuments: documents.map((d) => ({ id: d.id, kind: d.kind, file: `signing/${d.sha256}.pdf`, sha256: d.sha256, sizeBytes: d.sizeBytes, createdAt: d.createdAt })),
        signatures: signatures.map((s) => ({ id: s.id, documentId: s.documentId, documentSha256: s.documentSha256, method: s.method, file: `signing/signature-${s.imageSha256}.png`, imageSha256: s.imageSha256, signedAt: s.signedAt, sessionId: s.sessionId })),
      },
    };
  }

  async #ofCase(kase: CaseRow): Promise<CaseSignatures> {
    return {
      documents: (await signingDocumentsOfCase(this.#db, kase.id)).map((d) => this.#documentView(d, kase)),
      signatures: (await signaturesOfCase(this.#db, kase.id)).map((s) => this.#signatureView(s)),
    };
  }

  async #refused(staff: SignedInStaff, target: { type: string; id: string }, code: ErrorCode, detail: Record<string, unknown>, error = new AppError(code)): Promise<AppError> {
    await recordRefusal(this.#db, { actor: staff, action: 'signature.add_refused', target, reason: code, detail });
    error.audited = true;
    return error;
  }

  async #mustFindDocument(documentId: string) {
    const row = await findSigningDocument(this.#db, documentId);
    if (!row) throw new AppError('SIGNING_DOCUMENT_NOT_FOUND');
    return row;
  }

  #documentView(row: SigningDocumentFacts, kase: CaseRow): SigningDocumentView {
    return {
      id: row.id,
      caseId: kase.id,
      caseNumber: kase.caseNumber,
      sessionId: row.sessionId,
      kind: row.kind,
      kindName: t(`names.signingDocumentKind.${row.kind}`),
      sha256: row.sha256,
      sizeBytes: row.sizeBytes,
      createdAt: row.createdAt.toISOString(),
      pdfUrl: `/api/signing-documents/${row.id}/pdf`,
    };
  }

  #signatureView(row: Awaited<ReturnType<typeof signaturesOfCase>>[number]): SignatureView {
    return {
      id: row.id,
      documentId: row.documentId,
      documentKind: row.documentKind,
      documentKindName: t(`names.signingDocumentKind.${row.documentKind}`),
      documentSha256: row.documentSha256,
      imageSha256: row.imageSha256,
      method: row.method,
      signedAt: row.signedAt.toISOString(),
      sessionId: row.sessionId,
      imageUrl: `/api/signatures/${row.id}/image`,
      pdfUrl: `/api/signing-documents/${row.documentId}/pdf`,
    };
  }
}

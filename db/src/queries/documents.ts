/** Documents made from cases for the citizen: what they sign (and the signatures), and 一次性告知书. */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../database';
import { caseNotices, matterNoticeBases, signatures, signingDocuments } from '../schema';
import { appendAudit, type AuditEntry } from './auditLog';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type SigningDocumentRow = typeof signingDocuments.$inferSelect;
export type SignatureRow = typeof signatures.$inferSelect;
export type CaseNoticeRow = typeof caseNotices.$inferSelect;
export type NewCaseNotice = typeof caseNotices.$inferInsert;

/** A document without its bytes, for lists. */
const documentFacts = {
  id: signingDocuments.id,
  caseId: signingDocuments.caseId,
  sessionId: signingDocuments.sessionId,
  kind: signingDocuments.kind,
  sha256: signingDocuments.sha256,
  createdById: signingDocuments.createdById,
  createdAt: signingDocuments.createdAt,
};
export type SigningDocumentFacts = Omit<SigningDocumentRow, 'pdf'> & { sizeBytes: number };

/** Inserts a document and its audit row together. */
export function insertSigningDocument(db: Db, row: typeof signingDocuments.$inferInsert, audit: Omit<AuditEntry, 'entityId'>): SigningDocumentRow {
  return db.transaction((tx) => {
    const inserted = tx.insert(signingDocuments).values(row).returning().get();
    appendAudit(tx as unknown as Db, { ...audit, entityId: inserted.id });
    return inserted;
  }, { behavior: 'immediate' });
}

export function findSigningDocument(db: Db, id: string): SigningDocumentRow | undefined {
  return db.select().from(signingDocuments).where(eq(signingDocuments.id, id)).get();
}

export function signingDocumentsOfCase(db: Db, caseId: number): SigningDocumentFacts[] {
  return db
    .select({ ...documentFacts, sizeBytes: sql<number>`length(${signingDocuments.pdf})` })
    .from(signingDocuments)
    .where(eq(signingDocuments.caseId, caseId))
    .orderBy(asc(signingDocuments.createdAt), asc(signingDocuments.id))
    .all();
}

/** Inserts a signature and its audit row (carrying both hashes) in one transaction: no signature outside the chain. */
export function insertSignature(db: Db, row: typeof signatures.$inferInsert, audit: Omit<AuditEntry, 'entityId'>): SignatureRow {
  return db.transaction((tx) => {
    const inserted = tx.insert(signatures).values(row).returning().get();
    appendAudit(tx as unknown as Db, { ...audit, entityId: inserted.id });
    return inserted;
  }, { behavior: 'immediate' });
}

export function findSignature(db: Db, id: string): SignatureRow | undefined {
  return db.select().from(signatures).where(eq(signatures.id, id)).get();
}

/** A case's signatures, oldest first, with the kind of document each signed. */
export function signaturesOfCase(db: Db, caseId: number) {
  return db
    .select({
      id: signatures.id,
      documentId: signatures.documentId,
      documentKind: signingDocuments.kind,
      sessionId: signatures.sessionId,
      method: signatures.method,
      documentSha256: signatures.documentSha256,
      imageSha256: signatures.imageSha256,
      signedAt: signatures.signedAt,
    })
    .from(signatures)
    .innerJoin(signingDocuments, eq(signingDocuments.id, signatures.documentId))
    .where(eq(signatures.caseId, caseId))
    .orderBy(asc(signatures.signedAt), asc(signatures.id))
    .all();
}

export function signatureImage(db: Db, id: string): Buffer | undefined {
  return db.select({ image: signatures.image }).from(signatures).where(eq(signatures.id, id)).get()?.image;
}

/** Inserts a notice inside the transaction of the case's step (see updateCaseState). */
export function insertCaseNotice(tx: Tx, row: NewCaseNotice): CaseNoticeRow {
  return tx.insert(caseNotices).values(row).returning().get();
}

export function findCaseNotice(db: Db, id: number): CaseNoticeRow | undefined {
  return db.select().from(caseNotices).where(eq(caseNotices.id, id)).get();
}

export function noticesOfCase(db: Db, caseId: number): CaseNoticeRow[] {
  return db.select().from(caseNotices).where(eq(caseNotices.caseId, caseId)).orderBy(asc(caseNotices.id)).all();
}

/** The newest notice of a case of one kind, if any. */
export function latestNotice(db: Db, caseId: number, kind: CaseNoticeRow['kind']): CaseNoticeRow | undefined {
  return noticesOfCase(db, caseId)
    .filter((n) => n.kind === kind)
    .at(-1);
}

/** The legal basis a matter's notices cite, when the catalog names one; undefined: the default. */
export function matterNoticeBasis(db: Db, matterId: number): string | undefined {
  return db.select({ legalBasis: matterNoticeBases.legalBasis }).from(matterNoticeBases).where(eq(matterNoticeBases.matterId, matterId)).get()?.legalBasis;
}

/** Sets (or with null, removes) the legal basis a matter's notices cite. */
export function setMatterNoticeBasis(db: Db, matterId: number, legalBasis: string | null): void {
  if (legalBasis === null) db.delete(matterNoticeBases).where(eq(matterNoticeBases.matterId, matterId)).run();
  else db.insert(matterNoticeBases).values({ matterId, legalBasis }).onConflictDoUpdate({ target: matterNoticeBases.matterId, set: { legalBasis } }).run();
}

/** Documents made from cases for the citizen: what they sign (and the signatures), and 一次性告知书. */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../database';
import { inTransaction, type Tx } from '../transaction';
import type { caseNotices, signatures, signingDocuments } from '../schema';
import { perStore, tablesOf } from '../store';
import { appendAudit, type AuditEntry } from './auditLog';
import { markSessionsChanged } from './statisticsDays';


export type SigningDocumentRow = typeof signingDocuments.$inferSelect;
export type SignatureRow = typeof signatures.$inferSelect;
export type CaseNoticeRow = typeof caseNotices.$inferSelect;
export type NewCaseNotice = typeof caseNotices.$inferInsert;

/** A document without its bytes, for lists. */
const documentFacts = perStore(({ signingDocuments }) => ({
  id: signingDocuments.id,
  caseId: signingDocuments.caseId,
  sessionId: signingDocuments.sessionId,
  kind: signingDocuments.kind,
  sha256: signingDocuments.sha256,
  createdById: signingDocuments.createdById,
  createdAt: signingDocuments.createdAt,
}));
export type SigningDocumentFacts = Omit<SigningDocumentRow, 'pdf'> & { sizeBytes: number };

/** Inserts a document and its audit row together. */
export async function insertSigningDocument(db: Db, row: typeof signingDocuments.$inferInsert, audit: Omit<AuditEntry, 'entityId'>): Promise<SigningDocumentRow> {
  const { signingDocuments } = tablesOf(db);
  return inTransaction(db, async (tx) => {
    const inserted = (await tx.insert(signingDocuments).values(row).returning())[0]!;
    await appendAudit(tx, { ...audit, entityId: inserted.id });
    return inserted;
  });
}

export async function findSigningDocument(db: Db, id: string): Promise<SigningDocumentRow | undefined> {
  const { signingDocuments } = tablesOf(db);
  return (await db.select().from(signingDocuments).where(eq(signingDocuments.id, id)))[0];
}

export async function signingDocumentsOfCase(db: Db, caseId: number): Promise<SigningDocumentFacts[]> {
  const { signingDocuments } = tablesOf(db);
  return await db
    .select({ ...documentFacts(db), sizeBytes: sql<number>`length(${signingDocuments.pdf})`.mapWith(Number) })
    .from(signingDocuments)
    .where(eq(signingDocuments.caseId, caseId))
    .orderBy(asc(signingDocuments.createdAt), asc(signingDocuments.id));
}

/** Inserts a signature and its audit row (carrying both hashes) in one transaction: no signature outside the chain. */
export async function insertSignature(db: Db, row: typeof signatures.$inferInsert, audit: Omit<AuditEntry, 'entityId'>): Promise<SignatureRow> {
  const { signatures } = tablesOf(db);
  return inTransaction(db, async (tx) => {
    const inserted = (await tx.insert(signatures).values(row).returning())[0]!;
    await appendAudit(tx, { ...audit, entityId: inserted.id });
    return inserted;
  });
}

export async function findSignature(db: Db, id: string): Promise<SignatureRow | undefined> {
  const { signatures } = tablesOf(db);
  return (await db.select().from(signatures).where(eq(signatures.id, id)))[0];
}

/** A case's signatures, oldest first, with the kind of document each signed. */
export async function signaturesOfCase(db: Db, caseId: number) {
  const { signatures, signingDocuments } = tablesOf(db);
  return await db
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
    .orderBy(asc(signatures.signedAt), asc(signatures.id));
}

export async function signatureImage(db: Db, id: string): Promise<Buffer | undefined> {
  const { signatures } = tablesOf(db);
  return (await db.select({ image: signatures.image }).from(signatures).where(eq(signatures.id, id)))[0]?.image;
}

/**
 * Inserts a notice inside the transaction of the case's step (see updateCaseState). A supplement notice
 * makes its case count as supplemented in the statistics, so the day of the case's session is marked.
 */
export async function insertCaseNotice(tx: Tx, row: NewCaseNotice): Promise<CaseNoticeRow> {
  const { caseNotices, cases } = tablesOf(tx);
  const notice = (await tx.insert(caseNotices).values(row).returning())[0]!;
  if (notice.kind === 'supplement') {
    const [kase] = await tx.select({ sessionId: cases.sessionId }).from(cases).where(eq(cases.id, notice.caseId));
    if (kase) await markSessionsChanged(tx, [kase.sessionId]);
  }
  return notice;
}

export async function findCaseNotice(db: Db, id: number): Promise<CaseNoticeRow | undefined> {
  const { caseNotices } = tablesOf(db);
  return (await db.select().from(caseNotices).where(eq(caseNotices.id, id)))[0];
}

export async function noticesOfCase(db: Db, caseId: number): Promise<CaseNoticeRow[]> {
  const { caseNotices } = tablesOf(db);
  return await db.select().from(caseNotices).where(eq(caseNotices.caseId, caseId)).orderBy(asc(caseNotices.id));
}

/** The newest notice of a case of one kind, if any. */
export async function latestNotice(db: Db, caseId: number, kind: CaseNoticeRow['kind']): Promise<CaseNoticeRow | undefined> {
  return (await noticesOfCase(db, caseId))
    .filter((n) => n.kind === kind)
    .at(-1);
}

/** The legal basis a matter's notices cite, when the catalog names one; undefined: the default. */
export async function matterNoticeBasis(db: Db, matterId: number): Promise<string | undefined> {
  const { matterNoticeBases } = tablesOf(db);
  return (await db.select({ legalBasis: matterNoticeBases.legalBasis }).from(matterNoticeBases).where(eq(matterNoticeBases.matterId, matterId)))[0]?.legalBasis;
}

/** Sets (or with null, removes) the legal basis a matter's notices cite. */
export async function setMatterNoticeBasis(db: Db, matterId: number, legalBasis: string | null): Promise<void> {
  const { matterNoticeBases } = tablesOf(db);
  if (legalBasis === null) await db.delete(matterNoticeBases).where(eq(matterNoticeBases.matterId, matterId));
  else await db.insert(matterNoticeBases).values({ matterId, legalBasis }).onConflictDoUpdate({ target: matterNoticeBases.matterId, set: { legalBasis } });
}

/**
 * Documents made from a case for the citizen: what they sign on the kiosk (with each signature kept),
 * and the 一次性告知书 issued when the home clerk asks for a supplement or declines.
 */
import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { autoId, bytea, createdAt, rowidKey, timestampMs } from './columns';
import { cases } from './cases';
import { matters } from './catalog';
import { sessionRef } from './sessions';
import { staffRef } from './staff';
import type { NoticeContact, NoticeItem } from '@vwindow/signaling/protocol/notices';
import { noticeKinds, signatureMethods, signingDocumentKinds } from '@vwindow/signaling/protocol/values';

/** A PDF generated from a case to be shown and signed; its bytes are kept exactly as shown. */
export const signingDocuments = pgTable(
  'signing_documents',
  {
    id: text('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    sessionId: sessionRef().notNull(),
    kind: text('kind', { enum: signingDocumentKinds }).notNull(),
    sha256: text('sha256').notNull(),
    pdf: bytea('pdf').notNull(),
    createdById: staffRef('created_by_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('signing_documents_case_idx').on(t.caseId, t.createdAt)],
);

/** One signature of a document: never replaced, a second signing adds a row. */
export const signatures = pgTable(
  'signatures',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => signingDocuments.id),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    sessionId: sessionRef().notNull(),
    method: text('method', { enum: signatureMethods }).notNull(),
    /** sha256 of the exact document bytes shown to the citizen. */
    documentSha256: text('document_sha256').notNull(),
    /** The signature as drawn (PNG), and its sha256. */
    image: bytea('image').notNull(),
    imageSha256: text('image_sha256').notNull(),
    /** The staff member whose kiosk took it (the local clerk of the session). */
    takenById: staffRef('taken_by_id').notNull(),
    signedAt: timestampMs('signed_at').notNull(),
  },
  (t) => [index('signatures_case_idx').on(t.caseId, t.signedAt), index('signatures_document_idx').on(t.documentId)],
);

/** 一次性告知书: every missing or inadequate material with its reason, the legal basis, deadline and contact. */
export const caseNotices = pgTable(
  'case_notices',
  {
    id: autoId(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: noticeKinds }).notNull(),
    items: jsonb('items').notNull().$type<NoticeItem[]>(),
    /** Why the case was declined (不予受理); null for a supplement. */
    reason: text('reason'),
    legalBasis: text('legal_basis').notNull(),
    /** The last day (YYYY-MM-DD) to bring the material; null for a decline. */
    deadline: text('deadline'),
    contact: jsonb('contact').notNull().$type<NoticeContact>(),
    issuedById: staffRef('issued_by_id').notNull(),
    issuedAt: timestampMs('issued_at').notNull(),
  },
  (t) => [index('case_notices_case_idx').on(t.caseId, t.id)],
);

/** 法律依据 printed on a matter's 一次性告知书, where it is not the default (行政许可法第三十二条). */
export const matterNoticeBases = pgTable('matter_notice_bases', {
  matterId: rowidKey('matter_id').references(() => matters.id, { onDelete: 'cascade' }),
  legalBasis: text('legal_basis').notNull(),
});

/** 签名: the documents the citizen signs on the kiosk and their signatures, as browser and server exchange them. */
import { z } from 'zod';
import { t } from './i18n';
import { signingDocumentKinds, type SignatureMethod, type SigningDocumentKind } from './values';

export { signingDocumentKinds, signatureMethods, type SignatureMethod, type SigningDocumentKind } from './values';

export const signingDocumentIdParam = z.uuid({ message: t('validation.documentId') });
export const signatureIdParam = z.uuid({ message: t('validation.signatureId') });

/** POST /api/cases/:id/signing-documents: make the document the citizen is to sign. */
export const signingDocumentRequest = z.strictObject({
  kind: z.enum(signingDocumentKinds, { message: t('validation.documentKind') }),
});

/** The largest signature image taken (a PNG drawn on the kiosk), in bytes. */
export const SIGNATURE_IMAGE_MAX_BYTES = 256 * 1024;
/** Body limit of a signature request: the image as base64 in a data URL, and the rest. */
export const SIGNATURE_BODY_MAX_BYTES = Math.ceil((SIGNATURE_IMAGE_MAX_BYTES * 4) / 3) + 4096;

/** POST /api/signing-documents/:id/signatures: the signature drawn, bound to the document's sha256 as shown. */
export const signatureRequest = z.strictObject({
  documentSha256: z.string().regex(/^[0-9a-f]{64}$/, { message: t('validation.documentSha256') }),
  /** data:image/png;base64,… as signature_pad's toDataURL() gives it. */
  image: z
    .string()
    .max(SIGNATURE_BODY_MAX_BYTES)
    .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, { message: t('validation.signatureImage') }),
});
export type SignatureRequest = z.output<typeof signatureRequest>;

export interface SigningDocumentView {
  id: string;
  caseId: number;
  caseNumber: string;
  sessionId: string;
  kind: SigningDocumentKind;
  kindName: string;
  sha256: string;
  sizeBytes: number;
  createdAt: string;
  pdfUrl: string;
}

export interface SignatureView {
  id: string;
  documentId: string;
  documentKind: SigningDocumentKind;
  documentKindName: string;
  documentSha256: string;
  imageSha256: string;
  method: SignatureMethod;
  signedAt: string;
  sessionId: string;
  imageUrl: string;
  pdfUrl: string;
}

/** GET /api/cases/:id/signatures: every document made for signing and every signature, oldest first. */
export interface CaseSignatures {
  documents: SigningDocumentView[];
  signatures: SignatureView[];
}

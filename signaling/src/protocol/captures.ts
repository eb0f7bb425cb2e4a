/** Captures (材料采集) and identity checks (身份核验) as browser and server exchange them. */
import { z } from 'zod';
import { t } from './i18n';
import { captureKinds, type CaptureKind, type CaptureStatus, type IdentityVerdict } from './values';

export { captureKinds, captureStatuses, identityVerdicts, type CaptureKind, type CaptureStatus, type IdentityVerdict } from './values';

/** Headers of POST /api/sessions/:id/captures; the body is the file itself. */
export const captureUploadHeaders = z.object({
  'content-type': z.string().transform((v) => v.split(';')[0]!.trim().toLowerCase()),
  /** A material id from the matter's checklist, or "other". */
  'x-capture-material': z.union([z.literal('other'), z.string().regex(/^\d{1,9}$/).transform(Number)]),
  /** "still" (a frame taken from a camera) or "upload" (a file). */
  'x-capture-kind': z.enum(captureKinds),
});

export const captureReviewRequest = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('accepted') }),
  z.strictObject({ status: z.literal('recapture_requested'), reason: z.string().trim().min(1, { message: t('validation.recaptureReason') }).max(200) }),
]);

export const captureIdParam = z.uuid({ message: t('validation.captureId') });

export interface CaptureView {
  id: string;
  sessionId: string;
  materialId: number | null;
  materialName: string;
  kind: CaptureKind;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  width: number | null;
  height: number | null;
  status: CaptureStatus;
  reviewNote: string | null;
  capturedBy: { id: number; displayName: string };
  createdAt: string;
  /** Where the file is served (signed-in, authorized staff only). */
  url: string;
}

export const identityVerdictRequest = z.discriminatedUnion('verdict', [
  z.strictObject({ verdict: z.literal('verified') }),
  z.strictObject({ verdict: z.literal('not_verified'), reason: z.string().trim().min(1, { message: t('validation.notVerifiedReason') }).max(200) }),
]);

export interface IdentityVerdictView {
  verdict: IdentityVerdict;
  reason: string | null;
  checkedBy: { id: number; displayName: string };
  checkedAt: string;
}

/** The identity panel: the full number only for the home clerk of the session. */
export interface IdentityView {
  sessionId: string;
  citizenName: string;
  idNumber: string;
  masked: boolean;
  checks: {
    checkDigit: { ok: boolean; expected: string | null };
    birthDate: { ok: boolean; value: string | null };
    region: { ok: boolean; code: string; name: string | null };
  } | null;
  latest: IdentityVerdictView | null;
  history: IdentityVerdictView[];
}

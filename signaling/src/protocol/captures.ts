/** Captures (材料采集) as browser and server exchange them. Identity checks: ./identity. */
import { z } from 'zod';
import { freeText } from './text';
import { t } from './i18n';
import { captureKinds, type CaptureKind, type CaptureStatus } from './values';

export { captureKinds, captureStatuses, type CaptureKind, type CaptureStatus } from './values';

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
  z.strictObject({ status: z.literal('recapture_requested'), reason: freeText().min(1, { message: t('validation.recaptureReason') }).max(200) }),
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

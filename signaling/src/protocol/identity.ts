/** Identity checks (身份核验) as browser and server exchange them. */
import { z } from 'zod';
import { freeText } from './text';
import { t } from './i18n';
import type { IdentityVerdict } from './values';

export { identityVerdicts, type IdentityVerdict } from './values';

/** The captures the verdict was made on (ID card front, back, live photo): none of them may be sent back for re-capture. */
const comparedCaptures = z.array(z.uuid()).max(3).optional();

export const identityVerdictRequest = z.discriminatedUnion('verdict', [
  z.strictObject({ verdict: z.literal('verified'), captureIds: comparedCaptures }),
  z.strictObject({ verdict: z.literal('not_verified'), reason: freeText().min(1, { message: t('validation.notVerifiedReason') }).max(200), captureIds: comparedCaptures }),
]);
export type IdentityVerdictRequest = z.output<typeof identityVerdictRequest>;

export interface IdentityVerdictView {
  verdict: IdentityVerdict;
  reason: string | null;
  /** The captures it was recorded on. */
  captureIds: string[];
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

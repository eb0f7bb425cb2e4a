/** Identity checks (身份核验) as browser and server exchange them. */
import { z } from 'zod';
import { freeText } from './text';
import { t } from './i18n';
import type { IdentityVerdict } from './values';

export { identityVerdicts, type IdentityVerdict } from './values';

export const identityVerdictRequest = z.discriminatedUnion('verdict', [
  z.strictObject({ verdict: z.literal('verified') }),
  z.strictObject({ verdict: z.literal('not_verified'), reason: freeText().min(1, { message: t('validation.notVerifiedReason') }).max(200) }),
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

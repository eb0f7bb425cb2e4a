/**
 * Sessions (视频会话) as the browser and the server exchange them: the start form, the views of a session
 * and of the home jurisdiction's queue, and chat messages.
 */
import { z } from 'zod';
import { freeText, lineText } from './text';
import { t } from './i18n';
import { checkIdNumber } from './idNumber';

import type { SessionStatus } from './values';

export { sessionStatuses, type SessionStatus } from './values';

/** POST /api/sessions — the local clerk starts a session for a walk-in citizen. */
export const startSessionRequest = z.strictObject({
  citizenName: lineText().min(1).max(40),
  citizenIdNumber: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .superRefine((value, ctx) => {
      const check = checkIdNumber(value);
      if (!check.ok) {
        ctx.addIssue({
          code: 'custom',
          message:
            check.problem === 'checkDigit'
              ? t('validation.idCheckDigit', { digit: check.expectedCheckDigit ?? '' })
              : check.problem === 'region'
                ? t('validation.idRegion')
                : check.problem === 'birthDate'
                  ? t('validation.idBirthDate')
                  : t('validation.idFormat'),
          params: { problem: check.problem },
        });
      }
    }),
  citizenPhone: z
    .string()
    .trim()
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, { message: t('validation.phone') }),
  homeJurisdictionCode: z.string().regex(/^\d{6}$/, { message: t('validation.homeJurisdiction') }),
  matterId: z.number().int().positive({ message: t('validation.matter') }),
});
export type StartSessionRequest = z.input<typeof startSessionRequest>;

/** POST /api/sessions/:id/end */
export const endSessionRequest = z.strictObject({
  reason: freeText().max(200).optional(),
});

export const sessionIdParam = z.uuid({ message: t('validation.sessionId') });

/** One session as its participants see it; the citizen's data masked. */
export interface SessionView {
  id: string;
  status: SessionStatus;
  matter: { id: number; code: string; name: string; timeLimitDays: number };
  homeJurisdiction: { code: string; name: string };
  localServicePoint: { id: number; name: string; jurisdictionName: string };
  homeServicePoint: { id: number; name: string } | null;
  localClerk: { id: number; displayName: string };
  homeClerk: { id: number; displayName: string } | null;
  citizen: { name: string; idNumber: string; phone: string };
  createdAt: string;
  acceptedAt: string | null;
  endedAt: string | null;
  endedBy: { id: number; displayName: string } | null;
  endReason: string | null;
  /** 1-based place in the home jurisdiction's queue while waiting. */
  queuePosition: number | null;
}

/** One waiting session in a home jurisdiction's queue. */
export interface QueueEntry {
  id: string;
  matterName: string;
  originServicePoint: string;
  originJurisdiction: string;
  citizenName: string;
  citizenIdNumber: string;
  createdAt: string;
  /** Whether the local window that started it has a live connection now (false: it may be gone). */
  localWindowOnline: boolean;
  /** Whether the call may start now (false: the local window has yet to confirm the recording notice). */
  callReady: boolean;
}

export const chatSendRequest = z.strictObject({
  sessionId: sessionIdParam,
  text: freeText().min(1, { message: t('validation.chatEmpty') }).max(1000, { message: t('validation.chatTooLong') }),
});

export interface ChatMessage {
  id: number;
  sessionId: string;
  sender: { id: number; displayName: string; side: 'local' | 'home' | 'observer' };
  text: string;
  sentAt: string;
}

/** 好差评: five levels, the reasons for a bad rating, and what citizen, clerks and supervisors exchange. */
import { z } from 'zod';
import { t } from './i18n';
import { appealDecisions, followUpStatuses, type AppealStatus, type FollowUpStatus } from './values';

export { appealDecisions, appealStatuses, followUpStatuses, type AppealDecisionValue, type AppealStatus, type FollowUpStatus } from './values';

/** 5 非常满意 … 1 非常不满意. */
export const ratingLevels = [5, 4, 3, 2, 1] as const;
export type RatingLevel = (typeof ratingLevels)[number];

export const ratingLevelNames = Object.fromEntries(ratingLevels.map((level) => [level, t(`names.ratingLevel.${level}`)])) as Record<RatingLevel, string>;

/** Levels that count as satisfied in the satisfaction rate. */
export const SATISFIED_FROM: RatingLevel = 3;
/** Levels that open a follow-up (差评). */
export const isBadRating = (level: number): boolean => level <= 2;

const badRatingReasonKeys = ['attitude', 'efficiency', 'media', 'explanation', 'materials', 'waiting', 'other'] as const;
export type BadRatingReason = (typeof badRatingReasonKeys)[number];
export const badRatingReasons = Object.fromEntries(badRatingReasonKeys.map((key) => [key, t(`names.badRatingReason.${key}`)])) as Record<BadRatingReason, string>;

export const ratingSubmission = z
  .strictObject({
    level: z.coerce
      .number({ message: t('validation.ratingLevelMissing') })
      .int()
      .refine((v): v is RatingLevel => (ratingLevels as readonly number[]).includes(v), { message: t('validation.ratingLevel') }),
    reasons: z.array(z.enum(badRatingReasonKeys, { message: t('validation.ratingReasonUnknown') })).max(7).default([]),
    comment: z.string().trim().max(500, { message: t('validation.ratingComment') }).default(''),
  })
  .refine((r) => !isBadRating(r.level) || r.reasons.length > 0, { message: t('validation.ratingReasons'), path: ['reasons'] });
export type RatingSubmission = z.output<typeof ratingSubmission>;

export const ratingToken = z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, { message: t('validation.ratingToken') });

/** What the citizen's rating page shows: the service, nothing personal. */
export interface RatingPage {
  matterName: string;
  localServicePoint: string;
  homeJurisdiction: string;
  homeClerk: string | null;
  endedAt: string | null;
  expiresAt: string;
  state: 'open' | 'rated' | 'expired';
  level: RatingLevel | null;
}

export interface RatingLink {
  sessionId: string;
  path: string;
  expiresAt: string;
  rated: boolean;
}

export const followUpStatusNames = Object.fromEntries(followUpStatuses.map((key) => [key, t(`names.followUpStatus.${key}`)])) as Record<FollowUpStatus, string>;

export const followUpStep = z.discriminatedUnion('step', [
  z.strictObject({
    step: z.literal('return_call'),
    calledOn: z.iso.date({ message: t('validation.returnCallDate') }),
    outcome: z.string().trim().min(1, { message: t('validation.returnCallOutcome') }).max(500, { message: t('validation.tooLong', { max: 500 }) }),
  }),
  z.strictObject({
    step: z.literal('rectify'),
    rectification: z.string().trim().min(1, { message: t('validation.rectification') }).max(1000, { message: t('validation.tooLong', { max: 1000 }) }),
  }),
  z.strictObject({ step: z.literal('close') }),
]);

export interface FollowUpView {
  id: number;
  status: FollowUpStatus;
  statusName: string;
  deadline: string;
  overdue: boolean;
  rating: { id: number; level: RatingLevel; levelName: string; reasons: string[]; comment: string | null; ratedAt: string; excludedFromStats: boolean };
  session: { id: string; matterName: string; localServicePoint: string; homeClerk: string | null };
  returnCall: { on: string; outcome: string; by: string | null } | null;
  rectification: { text: string; at: string; by: string | null } | null;
  closedAt: string | null;
  appeals: AppealView[];
}

export const appealRequest = z.strictObject({
  reason: z.string().trim().min(1, { message: t('validation.appealReason') }).max(500, { message: t('validation.tooLong', { max: 500 }) }),
});
export const appealDecision = z.strictObject({
  decision: z.enum(appealDecisions),
  note: z.string().trim().max(500).default(''),
});

export interface AppealView {
  id: number;
  ratingId: number;
  clerk: string;
  reason: string;
  status: AppealStatus;
  decisionNote: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
}

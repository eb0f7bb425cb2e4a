/** 好差评: five levels, the reasons for a bad rating, the citizen's rating page and the clerk's link. Follow-ups: ./followUps. */
import { z } from 'zod';
import { freeText } from './text';
import { t } from './i18n';

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
    comment: freeText().max(500, { message: t('validation.ratingComment') }).default(''),
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

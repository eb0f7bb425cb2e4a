/** 差评整改 (follow-ups of bad ratings) and clerks' appeals, as the supervisor's pages and the API exchange them. */
import { z } from 'zod';
import { freeText } from './text';
import { t } from './i18n';
import type { RatingLevel } from './ratings';
import { appealDecisions, followUpStatuses, type AppealStatus, type FollowUpStatus } from './values';

export { appealDecisions, appealStatuses, followUpStatuses, type AppealDecisionValue, type AppealStatus, type FollowUpStatus } from './values';

export const followUpStatusNames = Object.fromEntries(followUpStatuses.map((key) => [key, t(`names.followUpStatus.${key}`)])) as Record<FollowUpStatus, string>;

export const followUpStep = z.discriminatedUnion('step', [
  z.strictObject({
    step: z.literal('return_call'),
    calledOn: z.iso.date({ message: t('validation.returnCallDate') }),
    outcome: freeText().min(1, { message: t('validation.returnCallOutcome') }).max(500, { message: t('validation.tooLong', { max: 500 }) }),
  }),
  z.strictObject({
    step: z.literal('rectify'),
    rectification: freeText().min(1, { message: t('validation.rectification') }).max(1000, { message: t('validation.tooLong', { max: 1000 }) }),
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
  reason: freeText().min(1, { message: t('validation.appealReason') }).max(500, { message: t('validation.tooLong', { max: 500 }) }),
});
export const appealDecision = z.strictObject({
  decision: z.enum(appealDecisions),
  note: freeText().max(500).default(''),
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

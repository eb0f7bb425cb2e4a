/** 好差评: five levels, the reasons for a bad rating, and what citizen, clerks and supervisors exchange. */
import { z } from 'zod';

/** 5 非常满意 … 1 非常不满意. */
export const ratingLevels = [5, 4, 3, 2, 1] as const;
export type RatingLevel = (typeof ratingLevels)[number];

export const ratingLevelNames: Record<RatingLevel, string> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
};

/** Levels that count as satisfied in the satisfaction rate. */
export const SATISFIED_FROM: RatingLevel = 3;
/** Levels that open a follow-up (差评). */
export const isBadRating = (level: number): boolean => level <= 2;

export const badRatingReasons = {
  attitude: '服务态度不好',
  efficiency: '办事效率低',
  media: '视频或声音质量差',
  explanation: '讲解不清楚',
  materials: '材料要求不明确',
  waiting: '等待时间过长',
  other: '其他',
} as const;
export type BadRatingReason = keyof typeof badRatingReasons;

export const ratingSubmission = z
  .strictObject({
    level: z.coerce
      .number({ message: '请选择评价等级' })
      .int()
      .refine((v): v is RatingLevel => (ratingLevels as readonly number[]).includes(v), { message: '评价等级应为五级之一' }),
    reasons: z.array(z.enum(Object.keys(badRatingReasons) as [BadRatingReason, ...BadRatingReason[]])).max(7).default([]),
    comment: z.string().trim().max(500, { message: '补充说明不能超过 500 字' }).default(''),
  })
  .refine((r) => !isBadRating(r.level) || r.reasons.length > 0, { message: '请至少选择一项不满意的原因', path: ['reasons'] });
export type RatingSubmission = z.output<typeof ratingSubmission>;

export const ratingToken = z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, { message: '评价链接无效' });

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

export const followUpStatusNames = { open: '待回访', return_called: '已回访', rectified: '已整改', closed: '已办结' } as const;
export type FollowUpStatus = keyof typeof followUpStatusNames;

export const followUpStep = z.discriminatedUnion('step', [
  z.strictObject({
    step: z.literal('return_call'),
    calledOn: z.iso.date({ message: '请填写回访日期' }),
    outcome: z.string().trim().min(1, { message: '请填写回访结果' }).max(500),
  }),
  z.strictObject({ step: z.literal('rectify'), rectification: z.string().trim().min(1, { message: '请填写整改措施' }).max(1000) }),
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

export const appealRequest = z.strictObject({ reason: z.string().trim().min(1, { message: '请填写申诉理由' }).max(500) });
export const appealDecision = z.strictObject({
  decision: z.enum(['upheld', 'rejected']),
  note: z.string().trim().max(500).default(''),
});

export interface AppealView {
  id: number;
  ratingId: number;
  clerk: string;
  reason: string;
  status: 'pending' | 'upheld' | 'rejected';
  decisionNote: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
}

/**
 * The states of a case (办件) and the steps between them, in one table. Anything not listed is refused
 * with a sentence naming both states.
 *
 *   received ─┬─ accept ──────► accepted ── start ──► in_progress ── complete ──► completed ── deliver ──► delivered
 *             ├─ decline ─────► declined
 *             └─ supplement ──► supplement_requested ── resubmit ──► received
 */
import type { CaseStatus } from '@vwindow/db';
import { AppError } from '../errors';

export type CaseAction = 'accept' | 'decline' | 'supplement' | 'resubmit' | 'start' | 'complete' | 'deliver';

export const caseTransitions: Record<CaseAction, { from: CaseStatus; to: CaseStatus }> = {
  accept: { from: 'received', to: 'accepted' },
  decline: { from: 'received', to: 'declined' },
  supplement: { from: 'received', to: 'supplement_requested' },
  resubmit: { from: 'supplement_requested', to: 'received' },
  start: { from: 'accepted', to: 'in_progress' },
  complete: { from: 'in_progress', to: 'completed' },
  deliver: { from: 'completed', to: 'delivered' },
};

export const caseStatusNames: Record<CaseStatus, string> = {
  received: '已收件',
  accepted: '已受理',
  declined: '不予受理',
  supplement_requested: '待补正',
  in_progress: '办理中',
  completed: '已办结',
  delivered: '已送达',
};

export const caseActionNames: Record<CaseAction, string> = {
  accept: '受理',
  decline: '不予受理',
  supplement: '要求补正',
  resubmit: '补正后重新提交',
  start: '开始办理',
  complete: '办结',
  deliver: '送达',
};

/** The status after `action`, or CASE_ILLEGAL_TRANSITION when the case is not where that step starts. */
export function nextStatus(current: CaseStatus, action: CaseAction): CaseStatus {
  const step = caseTransitions[action];
  if (step.from !== current) {
    throw new AppError('CASE_ILLEGAL_TRANSITION', { status: caseStatusNames[current], action: caseActionNames[action] });
  }
  return step.to;
}

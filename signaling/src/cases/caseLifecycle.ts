/**
 * The states of a case (办件) and the steps between them, in one table. Anything not listed is refused
 * with a sentence naming both states.
 *
 *   received ─┬─ accept ──────► accepted ── start ──► in_progress ── complete ──► completed ── deliver ──► delivered
 *             ├─ decline ─────► declined
 *             └─ supplement ──► supplement_requested ── resubmit ──► received
 */
import { caseStatuses, type CaseStatus } from '../protocol';
import { AppError } from '../errors';
import { t } from '../protocol';

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

export const caseStatusNames = Object.fromEntries(caseStatuses.map((s) => [s, t(`names.caseStatus.${s}`)])) as Record<CaseStatus, string>;

export const caseActionNames = Object.fromEntries(
  (Object.keys(caseTransitions) as CaseAction[]).map((a) => [a, t(`names.caseAction.${a}`)]),
) as Record<CaseAction, string>;

/** The status after `action`, or CASE_ILLEGAL_TRANSITION when the case is not where that step starts. */
export function nextStatus(current: CaseStatus, action: CaseAction): CaseStatus {
  const step = caseTransitions[action];
  if (step.from !== current) {
    throw new AppError('CASE_ILLEGAL_TRANSITION', { status: caseStatusNames[current], action: caseActionNames[action] });
  }
  return step.to;
}

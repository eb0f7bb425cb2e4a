/** The decision forms of a case, as both the case page and the session's case panel use them. */
import type { CaseStatus } from '$shared';

export const decisionActions = ['accept', 'decline', 'supplement', 'start', 'complete', 'deliver'] as const;
export type DecisionAction = (typeof decisionActions)[number];

/** What a decision form sent, echoed back after a refusal so that nothing typed is lost. */
export interface DecisionValues {
  reason?: string;
  result?: string;
  method?: string;
  trackingNumber?: string;
  items?: { material: string; note: string }[];
}

/** What a decision form action answers: done, or refused with a sentence and the fields at fault. */
export interface DecisionOutcome {
  action: DecisionAction;
  done?: boolean;
  message?: string;
  fields?: Record<string, string>;
  values?: DecisionValues;
}

/** The steps a case can take from where it is (see signaling/src/cases/caseLifecycle.ts). */
export function actionsFor(status: CaseStatus): DecisionAction[] {
  switch (status) {
    case 'received':
      return ['accept', 'decline', 'supplement'];
    case 'accepted':
      return ['start'];
    case 'in_progress':
      return ['complete'];
    case 'completed':
      return ['deliver'];
    default:
      return [];
  }
}

/** A receipt (受理回执) exists once the case has been accepted. */
export function hasReceipt(status: CaseStatus): boolean {
  return status === 'accepted' || status === 'in_progress' || status === 'completed' || status === 'delivered';
}

/** Reads an action's answer (the page's `form`, or an enhanced submit's data) as a DecisionOutcome. */
export function asOutcome(data: unknown): DecisionOutcome | null {
  if (typeof data !== 'object' || data === null) return null;
  const action = (data as { action?: unknown }).action;
  return typeof action === 'string' && (decisionActions as readonly string[]).includes(action) ? (data as DecisionOutcome) : null;
}

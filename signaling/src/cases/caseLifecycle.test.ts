import { describe, expect, it } from 'vitest';
import { caseStatuses } from '../protocol';
import { AppError } from '../errors';
import { caseTransitions, nextStatus, type CaseAction } from './caseLifecycle';

describe('case lifecycle', () => {
  it('walks the whole happy path', () => {
    let status = nextStatus('received', 'accept');
    for (const action of ['start', 'complete', 'deliver'] as CaseAction[]) status = nextStatus(status, action);
    expect(status).toBe('delivered');
  });

  it('goes round a supplement and back', () => {
    expect(nextStatus(nextStatus('received', 'supplement'), 'resubmit')).toBe('received');
  });

  it('refuses every step that does not start from the current state, naming both', () => {
    for (const status of caseStatuses) {
      for (const [action, step] of Object.entries(caseTransitions) as [CaseAction, { from: string }][]) {
        if (step.from === status) continue;
        expect(() => nextStatus(status, action)).toThrow(AppError);
      }
    }
    try {
      nextStatus('accepted', 'deliver');
    } catch (error) {
      expect((error as AppError).code).toBe('CASE_ILLEGAL_TRANSITION');
      expect((error as AppError).status).toBe(409);
      expect((error as AppError).message).toBe('办件当前为「已受理」，不能执行「送达」。');
    }
  });
});

/**
 * The supervisor's follow-up forms (差评整改 steps and appeal decisions) read from FormData and checked
 * with the shared schemas; every refusal becomes one plain sentence per field.
 */
import type { z } from 'zod';
import { appealDecision, followUpStep } from '$shared/followUps';
import { t } from '$lib/i18n';

export type FollowUpStepInput = z.output<typeof followUpStep>;
export type AppealDecisionInput = z.output<typeof appealDecision>;
export type FollowUpField = 'calledOn' | 'outcome' | 'rectification' | 'decision' | 'note';
export type FollowUpFieldErrors = Partial<Record<FollowUpField, string>>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; fields: FollowUpFieldErrors };

const text = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/** The positive integer in `name` (the follow-up's or the appeal's id), or null. */
export function idFrom(form: FormData, name: string): number | null {
  const raw = text(form, name);
  return /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : null;
}

function fieldErrors(issues: z.core.$ZodIssue[]): FollowUpFieldErrors {
  const errors: FollowUpFieldErrors = {};
  for (const issue of issues) {
    const field = issue.path[0] as FollowUpField | undefined;
    if (!field || errors[field]) continue;
    if (issue.code === 'too_big') errors[field] = t('supervision.followUps.tooLong', { max: Number(issue.maximum) });
    else if (field === 'calledOn') errors[field] = t('supervision.followUps.calledOnRequired');
    else if (field === 'outcome') errors[field] = t('supervision.followUps.outcomeRequired');
    else if (field === 'rectification') errors[field] = t('supervision.followUps.rectificationRequired');
    else if (field === 'decision') errors[field] = t('supervision.followUps.decisionRequired');
  }
  return errors;
}

function parsed<T>(result: z.ZodSafeParseResult<T>): Parsed<T> {
  return result.success ? { ok: true, value: result.data } : { ok: false, fields: fieldErrors(result.error.issues) };
}

export function stepFrom(step: FollowUpStepInput['step'], form: FormData): Parsed<FollowUpStepInput> {
  const input =
    step === 'return_call'
      ? { step, calledOn: text(form, 'calledOn'), outcome: text(form, 'outcome') }
      : step === 'rectify'
        ? { step, rectification: text(form, 'rectification') }
        : { step };
  return parsed(followUpStep.safeParse(input));
}

export function decisionFrom(form: FormData): Parsed<AppealDecisionInput> {
  return parsed(appealDecision.safeParse({ decision: text(form, 'decision'), note: text(form, 'note') }));
}

/** What a refused form keeps, so the supervisor does not type it again. */
export function valuesOf(form: FormData): Partial<Record<FollowUpField, string>> {
  const values: Partial<Record<FollowUpField, string>> = {};
  for (const name of ['calledOn', 'outcome', 'rectification', 'note'] as const) values[name] = text(form, name);
  return values;
}

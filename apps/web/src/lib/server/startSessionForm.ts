/**
 * The start form of the local console (发起视频会话): what it posted, checked with the shared
 * `startSessionRequest` schema, with one plain sentence per wrong field.
 */
import type { z } from 'zod';
import { t } from '$lib/i18n';
import { startSessionRequest } from '$shared/sessions';
import { idNumberMessage } from '$lib/idNumberMessage';

export const startFields = ['citizenName', 'citizenIdNumber', 'citizenPhone', 'homeJurisdictionCode', 'matterId'] as const;
export type StartField = (typeof startFields)[number];

/** The form's values as typed, sent back with a refusal so that nothing has to be typed again. */
export type StartFormValues = Record<StartField, string>;
export type StartFieldMessages = Partial<Record<StartField, string>>;
export type StartSessionData = z.output<typeof startSessionRequest>;

export const emptyStartForm: StartFormValues = {
  citizenName: '',
  citizenIdNumber: '',
  citizenPhone: '',
  homeJurisdictionCode: '',
  matterId: '',
};

export function readStartForm(form: FormData): StartFormValues {
  const text = (name: StartField): string => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  return {
    citizenName: text('citizenName'),
    citizenIdNumber: text('citizenIdNumber'),
    citizenPhone: text('citizenPhone'),
    homeJurisdictionCode: text('homeJurisdictionCode'),
    matterId: text('matterId'),
  };
}

function isStartField(value: unknown): value is StartField {
  return typeof value === 'string' && (startFields as readonly string[]).includes(value);
}

function messageFor(field: StartField, issue: z.core.$ZodIssue, values: StartFormValues): string {
  switch (field) {
    case 'citizenName':
      return t(issue.code === 'too_big' ? 'sessionForm.citizenNameTooLong' : 'sessionForm.citizenNameRequired');
    case 'citizenIdNumber':
      return idNumberMessage(values.citizenIdNumber) ?? issue.message;
    case 'citizenPhone':
      return t('sessionForm.phoneInvalid');
    case 'homeJurisdictionCode':
      return t('sessionForm.jurisdictionRequired');
    case 'matterId':
      return t('sessionForm.matterRequired');
  }
}

export type StartFormParse = { ok: true; data: StartSessionData } | { ok: false; fields: StartFieldMessages };

/** Checks the values with the shared schema; `matterId` arrives as text and is read as a number. */
export function parseStartForm(values: StartFormValues): StartFormParse {
  const matterId = values.matterId.trim() === '' ? Number.NaN : Number(values.matterId);
  const parsed = startSessionRequest.safeParse({ ...values, matterId });
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields: StartFieldMessages = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (isStartField(field) && !fields[field]) fields[field] = messageFor(field, issue, values);
  }
  return { ok: false, fields };
}

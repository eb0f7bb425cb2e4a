/**
 * The settings page's forms (webhook, calendar day) read from FormData and checked with the shared
 * schemas for one plain sentence per field. Saving is AdminSettingsService's, as for /api/admin/*:
 * it validates again, audits and retries.
 */
import { z } from 'zod';
import { calendarDayKinds, type ErrorPayload } from '$shared';
import { t } from '$lib/i18n';

const codeField = z.string().regex(/^\d{6}$/, { message: t('cases.settings.chooseJurisdiction') });
const webhookForm = z.object({
  code: codeField,
  url: z.url({ protocol: /^https?$/, message: t('cases.settings.urlHint') }).max(500),
});
const dateField = z.iso.date({ message: t('cases.settings.dateRequired') });
const calendarForm = z.object({ date: dateField, kind: z.enum(calendarDayKinds), name: z.string().trim().max(40) });

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[String(issue.path[0])] ??= issue.message;
  return fields;
}

export type FormRead<T> = { ok: true; value: T; values: Record<string, string> } | { ok: false; fields: Record<string, string>; values: Record<string, string> };

export function readWebhookForm(form: FormData): FormRead<{ code: string; url: string }> {
  const values = { code: text(form, 'code'), url: text(form, 'url') };
  const parsed = webhookForm.safeParse(values);
  return parsed.success ? { ok: true, value: parsed.data, values } : { ok: false, fields: fieldsOf(parsed.error), values };
}

export function readCalendarForm(form: FormData): FormRead<z.output<typeof calendarForm>> {
  const values = { date: text(form, 'date'), kind: text(form, 'kind'), name: text(form, 'name') };
  const parsed = calendarForm.safeParse(values);
  return parsed.success ? { ok: true, value: parsed.data, values } : { ok: false, fields: fieldsOf(parsed.error), values };
}

/** The code or date a remove form names ('' when missing; the service refuses a malformed one). */
export const readKey = (form: FormData, name: 'code' | 'date'): string => text(form, name);

/** A refusal of the service as the form's field messages: an unknown jurisdiction belongs to its field. */
export function fieldsOfRefusal(error: ErrorPayload): Record<string, string> {
  if (error.code === 'UNKNOWN_JURISDICTION') return { code: t('cases.settings.chooseJurisdiction') };
  if (error.code === 'WEBHOOK_HTTP_REFUSED' || error.code === 'WEBHOOK_ADDRESS_REFUSED' || error.code === 'WEBHOOK_HOST_UNRESOLVED') return { url: error.message };
  return Object.fromEntries((error.fields ?? []).map((field) => [field.path, field.message]));
}

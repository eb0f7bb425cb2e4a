/**
 * The administrator's settings for cases: each jurisdiction's webhook (its signing secret shown once),
 * deliveries that keep failing, and the working-day calendar (节假日 / 调休). The same rules as
 * signaling/src/http/adminRoutes.ts, for the settings page's form actions.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  deleteCalendarDay,
  deleteWebhook,
  failingDeliveries,
  findCase,
  homeJurisdictions,
  listCalendarDays,
  listWebhooks,
  setCalendarDay,
  setWebhook,
  type Db,
} from '@vwindow/db';
import { t } from '$shared/i18n';
import { loadJurisdictions } from './jurisdictions';

export function loadSettings(db: Db) {
  const places = loadJurisdictions(db);
  return {
    jurisdictions: homeJurisdictions(db).map((place) => ({ code: place.code, name: places.fullName(place.code) })),
    webhooks: listWebhooks(db).map((hook) => ({
      jurisdictionCode: hook.jurisdictionCode,
      jurisdictionName: places.fullName(hook.jurisdictionCode),
      url: hook.url,
      updatedAt: hook.updatedAt.toISOString(),
    })),
    failures: failingDeliveries(db).map((delivery) => ({
      id: delivery.id,
      caseId: delivery.caseId,
      caseNumber: findCase(db, delivery.caseId)?.caseNumber ?? String(delivery.caseId),
      jurisdictionName: places.fullName(delivery.jurisdictionCode),
      event: delivery.event,
      attempts: delivery.attempts,
      nextAttemptAt: delivery.nextAttemptAt.toISOString(),
      lastError: delivery.lastError,
    })),
    calendar: listCalendarDays(db),
  };
}

const codeField = z.string().regex(/^\d{6}$/, { message: t('cases.settings.chooseJurisdiction') });
const webhookForm = z.object({
  code: codeField,
  url: z.url({ protocol: /^https?$/, message: t('cases.settings.urlHint') }).max(500),
});
const dateField = z.iso.date({ message: t('cases.settings.dateRequired') });
const calendarForm = z.object({ date: dateField, kind: z.enum(['holiday', 'workday']), name: z.string().trim().max(40) });

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[String(issue.path[0])] ??= issue.message;
  return fields;
}

export type SettingsResult<T> = { ok: true; value: T } | { ok: false; fields: Record<string, string>; values: Record<string, string> };

/** Sets (or replaces) a jurisdiction's webhook with a new signing secret, returned this once. */
export function saveWebhook(db: Db, form: FormData, known: Set<string>): SettingsResult<{ code: string; url: string; secret: string }> {
  const values = { code: text(form, 'code'), url: text(form, 'url') };
  const parsed = webhookForm.safeParse(values);
  if (!parsed.success) return { ok: false, fields: fieldsOf(parsed.error), values };
  if (!known.has(parsed.data.code)) return { ok: false, fields: { code: t('cases.settings.chooseJurisdiction') }, values };
  const secret = randomBytes(24).toString('base64url');
  setWebhook(db, { jurisdictionCode: parsed.data.code, url: parsed.data.url, secret, updatedAt: new Date() });
  return { ok: true, value: { ...parsed.data, secret } };
}

export function removeWebhook(db: Db, form: FormData): boolean {
  const code = codeField.safeParse(text(form, 'code'));
  if (code.success) deleteWebhook(db, code.data);
  return code.success;
}

export function saveCalendarDay(db: Db, form: FormData): SettingsResult<{ date: string }> {
  const values = { date: text(form, 'date'), kind: text(form, 'kind'), name: text(form, 'name') };
  const parsed = calendarForm.safeParse(values);
  if (!parsed.success) return { ok: false, fields: fieldsOf(parsed.error), values };
  setCalendarDay(db, parsed.data);
  return { ok: true, value: { date: parsed.data.date } };
}

export function removeCalendarDay(db: Db, form: FormData): boolean {
  const date = dateField.safeParse(text(form, 'date'));
  if (date.success) deleteCalendarDay(db, date.data);
  return date.success;
}

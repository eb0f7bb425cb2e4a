import { fail } from '@sveltejs/kit';
import { fieldsOfRefusal, readCalendarForm, readKey, readWebhookForm } from '$lib/server/adminSettingsForms';
import { errorPayloadOf } from '$lib/server/errorPayload';
import { requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
  const { staff } = await parent();
  return await locals.context.settings.settings(staff);
};

type Section = 'webhook' | 'calendar';

/** Runs one change through AdminSettingsService (which validates, audits and retries); a refusal becomes the form's answer. */
async function change<T>(event: RequestEvent, section: Section, values: Record<string, string>, run: () => T | Promise<T>): Promise<T | Awaited<ReturnType<typeof refuse>>> {
  try {
    return await run();
  } catch (cause) {
    const { status, error } = await errorPayloadOf(cause, event);
    return refuse(status, section, values, fieldsOfRefusal(error), error.message);
  }
}

function refuse(status: number, section: Section, values: Record<string, string>, fields: Record<string, string>, message: string | null = null) {
  return fail(status, { section, fields, values, message });
}

/** Each form names its section, so that the page shows the answer next to the form that asked. */
export const actions = {
  setWebhook: async (event) => {
    const staff = await requireRole(event.locals, event.url, 'admin');
    const read = readWebhookForm(await event.request.formData());
    if (!read.ok) return refuse(400, 'webhook', read.values, read.fields);
    return await change(event, 'webhook', read.values, async () => {
      const saved = await event.locals.context.settings.setWebhook(staff, read.value.code, { url: read.value.url });
      // The signing secret goes to the administrator this once; it is never shown again.
      return { section: 'webhook' as const, secret: saved.secret, code: saved.jurisdictionCode };
    });
  },
  removeWebhook: async (event) => {
    const staff = await requireRole(event.locals, event.url, 'admin');
    const code = readKey(await event.request.formData(), 'code');
    return await change(event, 'webhook', { code }, async () => {
      await event.locals.context.settings.removeWebhook(staff, code);
      return { section: 'webhook' as const, removed: true };
    });
  },
  setDay: async (event) => {
    const staff = await requireRole(event.locals, event.url, 'admin');
    const read = readCalendarForm(await event.request.formData());
    if (!read.ok) return refuse(400, 'calendar', read.values, read.fields);
    return await change(event, 'calendar', read.values, async () => {
      const { date, kind, name } = read.value;
      return { section: 'calendar' as const, saved: (await event.locals.context.settings.setCalendarDay(staff, date, { kind, name })).date };
    });
  },
  removeDay: async (event) => {
    const staff = await requireRole(event.locals, event.url, 'admin');
    const date = readKey(await event.request.formData(), 'date');
    return await change(event, 'calendar', { date }, async () => {
      await event.locals.context.settings.removeCalendarDay(staff, date);
      return { section: 'calendar' as const, removed: true };
    });
  },
} satisfies Actions;

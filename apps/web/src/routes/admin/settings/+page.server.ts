import { fail } from '@sveltejs/kit';
import { loadSettings, removeCalendarDay, removeWebhook, saveCalendarDay, saveWebhook } from '$lib/server/adminSettings';
import { requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
  await parent();
  return loadSettings(locals.context.database.db);
};

/** Each form names its section, so that the page shows the answer next to the form that asked. */
export const actions = {
  setWebhook: async ({ request, locals, url }) => {
    requireRole(locals, url, 'admin');
    const { db } = locals.context.database;
    const known = new Set(loadSettings(db).jurisdictions.map((place) => place.code));
    const saved = saveWebhook(db, await request.formData(), known);
    if (!saved.ok) return fail(400, { section: 'webhook' as const, fields: saved.fields, values: saved.values });
    // The signing secret goes to the administrator this once; it is never shown again.
    return { section: 'webhook' as const, secret: saved.value.secret, code: saved.value.code };
  },
  removeWebhook: async ({ request, locals, url }) => {
    requireRole(locals, url, 'admin');
    if (!removeWebhook(locals.context.database.db, await request.formData())) return fail(400, { section: 'webhook' as const, fields: {}, values: {} });
    return { section: 'webhook' as const, removed: true };
  },
  setDay: async ({ request, locals, url }) => {
    requireRole(locals, url, 'admin');
    const saved = saveCalendarDay(locals.context.database.db, await request.formData());
    if (!saved.ok) return fail(400, { section: 'calendar' as const, fields: saved.fields, values: saved.values });
    return { section: 'calendar' as const, saved: saved.value.date };
  },
  removeDay: async ({ request, locals, url }) => {
    requireRole(locals, url, 'admin');
    if (!removeCalendarDay(locals.context.database.db, await request.formData())) return fail(400, { section: 'calendar' as const, fields: {}, values: {} });
    return { section: 'calendar' as const, removed: true };
  },
} satisfies Actions;

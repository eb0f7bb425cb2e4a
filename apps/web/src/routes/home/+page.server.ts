import { fail, redirect } from '@sveltejs/kit';
import { sessionIdParam, type SessionView } from '$shared';
import { t } from '$shared/i18n';
import { recentSessionsOf } from '$lib/server/clerkSessions';
import { errorPayloadOf } from '$lib/server/errorPayload';
import { requireRole } from '$lib/server/guard';
import { loadJurisdictions } from '$lib/server/jurisdictions';
import { groupByHomeJurisdiction, listMatters } from '$lib/server/matters';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
  const { staff } = await parent();
  const { db } = locals.context.database;
  const places = loadJurisdictions(db);

  const matters = listMatters(db, { homeJurisdictionCode: staff.jurisdictionCode });
  return {
    jurisdictionName: places.fullName(staff.jurisdictionCode),
    // The same entries (masked) that 'queue.changed' pushes later, so that live rows replace these.
    queue: locals.context.sessions.queue(staff),
    matterGroups: groupByHomeJurisdiction(matters, places.fullName),
    mySessions: recentSessionsOf(db, staff.id, 'home'),
  };
};

export const actions = {
  /** Takes a waiting session; of two clerks at once, one gets it and the other a 409 to show. */
  accept: async ({ request, locals, url }) => {
    const staff = requireRole(locals, url, 'home_clerk');
    const id = (await request.formData()).get('sessionId');
    if (typeof id !== 'string' || !sessionIdParam.safeParse(id).success) {
      return fail(404, { error: t('errors.SESSION_NOT_FOUND'), code: 'SESSION_NOT_FOUND' });
    }
    let session: SessionView;
    try {
      session = locals.context.sessions.accept(staff, id);
    } catch (cause) {
      const { status, error } = errorPayloadOf(cause);
      return fail(status, { error: error.message, code: error.code });
    }
    redirect(303, `/home/sessions/${session.id}`);
  },
} satisfies Actions;

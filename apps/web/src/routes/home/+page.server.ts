import { fail, redirect } from '@sveltejs/kit';
import { sessionIdParam, type SessionView } from '$shared';
import { t } from '$lib/i18n';
import { groupByHomeJurisdiction } from '$lib/matterGroups';
import { errorPayloadOf } from '$lib/server/errorPayload';
import { requireRole } from '$lib/server/guard';
import { readPageRequest } from '$lib/server/paging';
import type { Actions, PageServerLoad } from './$types';

/** How many of the clerk's own sessions the console lists at a time. */
const CONSOLE_SESSIONS_PER_PAGE = 20;

export const load: PageServerLoad = async ({ parent, locals, url }) => {
  const { staff } = await parent();
  const { catalog, sessions } = locals.context;
  const places = await catalog.jurisdictions();
  return {
    jurisdictionName: places.fullName(staff.jurisdictionCode),
    // The same entries (masked) that 'queue.changed' pushes later, so that live rows replace these.
    queue: await sessions.queue(staff),
    matterGroups: groupByHomeJurisdiction(await catalog.matters({ homeJurisdictionCode: staff.jurisdictionCode }), places.fullName),
    mySessions: await sessions.recent(staff, readPageRequest(url, CONSOLE_SESSIONS_PER_PAGE).request),
  };
};

export const actions = {
  /** Takes a waiting session; of two clerks at once, one gets it and the other a 409 to show. */
  accept: async ({ request, locals, url }) => {
    const staff = await requireRole(locals, url, 'home_clerk');
    const id = (await request.formData()).get('sessionId');
    if (typeof id !== 'string' || !sessionIdParam.safeParse(id).success) {
      return fail(404, { error: t('errors.SESSION_NOT_FOUND'), code: 'SESSION_NOT_FOUND' });
    }
    let session: SessionView;
    try {
      session = await locals.context.sessions.accept(staff, id);
    } catch (cause) {
      const { status, error } = await errorPayloadOf(cause, { locals, url });
      return fail(status, { error: error.message, code: error.code });
    }
    redirect(303, `/home/sessions/${session.id}`);
  },
} satisfies Actions;

import { fail } from '@sveltejs/kit';
import { requireRole } from '$lib/server/guard';
import { errorPayloadOf } from '$lib/server/errorPayload';
import { loadSessionView } from '$lib/server/sessionPage';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals, params, url }) => {
  const { staff } = await parent();
  return { session: loadSessionView(locals, url, staff, params.id) };
};

export const actions = {
  /** The local clerk withdraws a session that is still waiting; the page then shows it cancelled. */
  cancel: async ({ locals, url, params }) => {
    const staff = requireRole(locals, url, 'local_clerk');
    try {
      locals.context.sessions.cancel(staff, params.id);
    } catch (cause) {
      const { status, error } = errorPayloadOf(cause, { locals, url });
      return fail(status, { error: error.message, code: error.code });
    }
    return { cancelled: true };
  },
} satisfies Actions;

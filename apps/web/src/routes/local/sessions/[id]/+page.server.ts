import { fail } from '@sveltejs/kit';
import { requireRole } from '$lib/server/guard';
import { errorPayloadOf } from '$lib/server/errorPayload';
import { loadSessionView } from '$lib/server/sessionPage';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals, params, url }) => {
  const { staff } = await parent();
  const session = await loadSessionView(locals, url, staff, params.id);
  // The recording notice: whether it is required and when the citizen was told (this clerk's session only).
  return { session, notice: await locals.context.recordings.noticeState(staff, session.id) };
};

export const actions = {
  /** The local clerk withdraws a session that is still waiting; the page then shows it cancelled. */
  cancel: async ({ locals, url, params }) => {
    const staff = await requireRole(locals, url, 'local_clerk');
    try {
      await locals.context.sessions.cancel(staff, params.id);
    } catch (cause) {
      const { status, error } = await errorPayloadOf(cause, { locals, url });
      return fail(status, { error: error.message, code: error.code });
    }
    return { cancelled: true };
  },
  /** The local clerk confirms the citizen was told 本次服务全程录音录像 (audited); the call may then start. */
  confirmNotice: async ({ locals, url, params }) => {
    const staff = await requireRole(locals, url, 'local_clerk');
    try {
      await locals.context.recordings.confirmNotice(staff, params.id);
    } catch (cause) {
      const { status, error } = await errorPayloadOf(cause, { locals, url });
      return fail(status, { error: error.message, code: error.code });
    }
    return { noticeConfirmed: true };
  },
} satisfies Actions;

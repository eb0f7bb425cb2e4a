/**
 * The citizen's side of the recording notice (本次服务全程录音录像): opened by the session's local clerk
 * on the tablet at the local window (a second window of their signed-in browser), shown in the citizen
 * frame. Each showing is audited with the session.
 */
import { requireRole } from '$lib/server/guard';
import { errorPayloadOf } from '$lib/server/errorPayload';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const staff = await requireRole(locals, url, 'local_clerk');
  try {
    return { shown: await locals.context.recordings.noticeShown(staff, params.id), kiosk: url.searchParams.get('kiosk') === '1' };
  } catch (cause) {
    const { status } = await errorPayloadOf(cause, { locals, url });
    if (status === 404 || status === 403 || status === 400) return { shown: null, kiosk: url.searchParams.get('kiosk') === '1' };
    throw cause;
  }
};

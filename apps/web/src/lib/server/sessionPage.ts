/** Loading one session for its page: the service decides who may see it; refusals become error pages. */
import { error } from '@sveltejs/kit';
import { sessionIdParam, type SessionView, type SignedInStaff } from '$shared';
import { t } from '$lib/i18n';
import { errorPayloadOf } from './errorPayload';

/** The session as `staff` may see it; 404 for an unknown or malformed id, 403 for someone else's. */
export async function loadSessionView(locals: App.Locals, url: URL, staff: SignedInStaff, id: string): Promise<SessionView> {
  if (!sessionIdParam.safeParse(id).success) error(404, { message: t('errors.SESSION_NOT_FOUND'), code: 'SESSION_NOT_FOUND' });
  try {
    return await locals.context.sessions.view(staff, id);
  } catch (cause) {
    const { status, error: payload } = await errorPayloadOf(cause, { locals, url });
    error(status, { message: payload.message, code: payload.code });
  }
}

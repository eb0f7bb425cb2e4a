/**
 * Every page request arrives through the signaling server, which has already resolved the sign-in
 * cookie and put a WebContext on the Node request (adapter-node: `platform.req.vwindow`).
 */
import { error, type Handle, type HandleServerError } from '@sveltejs/kit';
import { t } from '$lib/i18n';

export const handle: Handle = async ({ event, resolve }) => {
  const context = event.platform?.req.vwindow;
  if (!context) {
    // Started with `vite dev` or `node build`: there is no server behind the pages.
    error(500, { message: t('app.notStartedByServer'), code: 'SERVICE_UNAVAILABLE' });
  }
  event.locals.context = context;
  event.locals.staff = context.staff;
  return resolve(event);
};

/** Unexpected errors: a plain sentence for the person, the details for the server's log only. */
export const handleError: HandleServerError = ({ error: cause, event, status, message }) => {
  if (status === 404) return { message: t('errors.NOT_FOUND'), code: 'NOT_FOUND' };
  console.error(`[web] ${event.request.method} ${event.url.pathname} failed (${status} ${message})`, cause);
  // The server's words for it: 服务暂不可用 while the database is out of reach, else an internal error
  // (no context when the pages were not started by the server: `handle` above failed before setting it).
  const failure = (event.locals as Partial<App.Locals>).context?.failureOf(cause);
  return failure ? { message: failure.message, code: failure.code } : { message: t('errors.INTERNAL'), code: 'INTERNAL' };
};

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
  const response = await resolve(event);
  // SvelteKit answers 500 for any error a load or action did not catch; the server's status for it
  // stands instead, as the API answers it: 503 for the database out of reach (try again), or a
  // service's refusal.
  const failed = event.locals.failureStatus;
  if (failed && failed !== 500 && response.status === 500) {
    return new Response(response.body, { status: failed, headers: response.headers });
  }
  return response;
};

/** Unexpected errors: a plain sentence for the person, the details for the server's log only. */
export const handleError: HandleServerError = ({ error: cause, event, status, message }) => {
  if (status === 404) return { message: t('errors.NOT_FOUND'), code: 'NOT_FOUND' };
  // The server logs it (masked) and gives its words for it: 服务暂不可用 while the database is out of
  // reach, else an internal error. No context when the pages were not started by the server (`handle`
  // above failed before setting it).
  const locals = event.locals as Partial<App.Locals>;
  const failure = locals.context?.pageFailed(cause, { method: event.request.method, path: event.url.pathname });
  if (!failure) {
    console.error(`[web] ${event.request.method} ${event.url.pathname} failed (${status} ${message})`, cause);
    return { message: t('errors.INTERNAL'), code: 'INTERNAL' };
  }
  locals.failureStatus = failure.status;
  return failure.error;
};

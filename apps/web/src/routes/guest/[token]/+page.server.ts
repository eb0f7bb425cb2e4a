/**
 * The guest's page (三方连线, public, no account): the invitation behind the one-time link, or, to the
 * browser that knocked with it, where that guest stands. A link that is unknown, used by someone else
 * or whose session is over is refused by GuestService (with its audit row): the page says why.
 */
import { GUEST_COOKIE, guestToken, type ErrorPayload, type GuestPageView } from '$shared';
import { t } from '$lib/i18n';
import { errorPayloadOf } from '$lib/server/errorPayload';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, cookies }) => {
  const context = locals.context;
  let guest: GuestPageView | null = null;
  let refusal: ErrorPayload | null = null;
  if (!guestToken.safeParse(params.token).success) {
    refusal = { code: 'GUEST_LINK_INVALID', message: t('errors.GUEST_LINK_INVALID') };
  } else {
    try {
      guest = await context.guests.page(params.token, cookies.get(GUEST_COOKIE) ?? null, { address: context.clientAddress || null });
    } catch (cause) {
      const { status, error } = await errorPayloadOf(cause);
      if (status >= 500) throw cause;
      refusal = error;
    }
  }
  return { guest, refusal, token: params.token };
};

import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** The self-test page: any signed-in staff member (it opens probe transports through their signaling). */
export const load: PageServerLoad = ({ locals, url }) => {
  if (!locals.staff) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname)}`);
  return {};
};

import { loadSessionView } from '$lib/server/sessionPage';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals, params, url }) => {
  const { staff } = await parent();
  const session = await loadSessionView(locals, url, staff, params.id);
  return { session, recording: await locals.context.recordings.mayWatch(staff, session.id) };
};

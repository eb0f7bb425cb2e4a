import { loadSessionView } from '$lib/server/sessionPage';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals, params, url }) => {
  const { staff } = await parent();
  return { session: loadSessionView(locals, url, staff, params.id) };
};

import { loadSessionView } from '$lib/server/sessionPage';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals, params }) => {
  const { staff } = await parent();
  return { session: loadSessionView(locals, staff, params.id) };
};

import type { PageServerLoad } from './$types';

/** Today's sessions per jurisdiction under the supervisor's, those in progress, and the service points (SupervisionService.today). */
export const load: PageServerLoad = async ({ parent, locals }) => {
  const { staff } = await parent();
  return await locals.context.supervision.today(staff);
};

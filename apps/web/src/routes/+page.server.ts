import { redirect } from '@sveltejs/kit';
import { consolePaths } from '$shared/roles';
import type { PageServerLoad } from './$types';

/** '/' is only a door: to the signed-in person's console, or to sign-in. */
export const load: PageServerLoad = ({ locals }) => {
  redirect(303, locals.staff ? consolePaths[locals.staff.role] : '/sign-in');
};

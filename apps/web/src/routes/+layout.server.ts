import type { LayoutServerLoad } from './$types';

/** Every page knows who is signed in (the header shows them; error pages link to their console). */
export const load: LayoutServerLoad = ({ locals }) => ({ staff: locals.staff });

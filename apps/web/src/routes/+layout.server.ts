import type { LayoutServerLoad } from './$types';

/**
 * Every page knows who is signed in (the header shows them; error pages link to their console) and the
 * server's upload limit (the capture panel checks a file against it before sending it).
 */
export const load: LayoutServerLoad = ({ locals }) => ({ staff: locals.staff, uploadLimitMb: locals.context.uploadLimitMb });

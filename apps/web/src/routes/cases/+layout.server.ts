import { caseReaderRoles } from '$lib/server/cases';
import { requireAnyRole } from '$lib/server/guard';
import type { LayoutServerLoad } from './$types';

/** Cases are read by the clerks of both windows and by supervisors; each page narrows further. */
export const load: LayoutServerLoad = async ({ locals, url }) => ({ staff: await requireAnyRole(locals, url, caseReaderRoles) });

import { requireRole } from '$lib/server/guard';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => ({ staff: requireRole(locals, url, 'local_clerk') });

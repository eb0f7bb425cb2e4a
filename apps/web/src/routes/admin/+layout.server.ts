import { requireRole } from '$lib/server/guard';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url }) => ({ staff: await requireRole(locals, url, 'admin') });

import type { CaseView } from '$shared';
import { requireRole } from '$lib/server/guard';
import { receiveFromForm } from '$lib/server/receiveCase';
import { loadSessionView } from '$lib/server/sessionPage';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals, params, url }) => {
  const { staff } = await parent();
  const session = await loadSessionView(locals, url, staff, params.id);
  // The clerk's own session: the case panel starts from its case (so that 受理办件（收件） works without
  // JavaScript), then follows pushes. Anyone else's panel loads it itself.
  const kase: CaseView | null | undefined = session.homeClerk?.id === staff.id ? (await locals.context.cases.caseOfSession(staff, session.id)) : undefined;
  return { session, kase, recording: await locals.context.recordings.mayWatch(staff, session.id) };
};

export const actions = {
  receive: async ({ request, locals, url, params }) => {
    const staff = await requireRole(locals, url, 'home_clerk');
    return await receiveFromForm(locals, url, staff, params.id, await request.formData());
  },
} satisfies Actions;

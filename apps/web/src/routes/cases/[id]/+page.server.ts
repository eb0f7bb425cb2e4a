import { fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import type { DecisionAction, DecisionOutcome } from '$lib/caseDecisions';
import { caseReaderRoles, loadCase, readDecision } from '$lib/server/cases';
import { errorPayloadOf } from '$lib/server/errorPayload';
import { requireAnyRole } from '$lib/server/guard';
import type { Action, Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals, params, url }) => {
  const { staff } = await parent();
  const page = await loadCase(locals, url, staff, params.id);
  // The recording of the session the case was received in, for the home clerk who took it and the supervisors.
  return { ...page, recordingSessionId: (await locals.context.recordings.mayWatch(staff, page.kase.sessionId)) ? page.kase.sessionId : null };
};

/**
 * One named action per step (`?/accept`, `?/deliver`, …): the form is read and checked against the
 * shared schema, then the case service judges the step (who, and whether the case is where the step
 * starts) and its refusal comes back as the page's message.
 */
function decide(action: DecisionAction): Action {
  return async ({ request, locals, url, params }) => {
    const staff = await requireAnyRole(locals, url, caseReaderRoles);
    const read = readDecision(action, await request.formData());
    if (!read.ok) return fail(400, { action, message: read.message, fields: read.fields, values: read.values } satisfies DecisionOutcome);
    const id = Number(params.id);
    if (!Number.isSafeInteger(id) || id <= 0) return fail(404, { action, message: t('errors.CASE_NOT_FOUND'), fields: {}, values: read.values } satisfies DecisionOutcome);
    try {
      await locals.context.cases.decide(staff, id, read.decision);
    } catch (cause) {
      const { status, error } = await errorPayloadOf(cause, { locals, url });
      return fail(status, { action, message: error.message, fields: {}, values: read.values } satisfies DecisionOutcome);
    }
    return { action, done: true, message: t(`cases.decisions.done.${action}`) } satisfies DecisionOutcome;
  };
}

export const actions = {
  accept: decide('accept'),
  decline: decide('decline'),
  supplement: decide('supplement'),
  start: decide('start'),
  complete: decide('complete'),
  deliver: decide('deliver'),
} satisfies Actions;

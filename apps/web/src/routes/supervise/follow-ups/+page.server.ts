/**
 * 差评整改: the supervisor's follow-ups of bad ratings in their jurisdiction, each taken through
 * return call, rectification and closure (in that order, the server refuses anything else), and the
 * clerks' appeals decided.
 */
import { fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import type { SignedInStaff } from '$shared/roles';
import { errorPayloadOf } from '$lib/server/errorPayload';
import { recordPageRefusal } from '$lib/server/guard';
import { decisionFrom, idFrom, stepFrom, valuesOf, type FollowUpFieldErrors, type FollowUpStepInput } from '$lib/server/followUpForms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
  const { staff } = await parent();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  return { followUps: await locals.context.followUps.list(staff), today };
};

type Kind = FollowUpStepInput['step'] | 'decision';

function refused(status: number, followUpId: number | null, kind: Kind, form: FormData, error: string, fields: FollowUpFieldErrors = {}) {
  return fail(status, { followUpId, kind, error, fields, values: valuesOf(form) });
}

/** The form actions run outside the layout's load, so each checks the role itself (a refusal is audited). */
async function supervisor(locals: App.Locals, url: URL): Promise<SignedInStaff | null> {
  if (locals.staff?.role === 'supervisor') return locals.staff;
  await recordPageRefusal(locals, url, locals.staff, locals.staff ? 'FORBIDDEN' : 'AUTH_REQUIRED');
  return null;
}

async function step(event: RequestEvent, kind: FollowUpStepInput['step']) {
  const form = await event.request.formData();
  const followUpId = idFrom(form, 'followUpId');
  const staff = await supervisor(event.locals, event.url);
  if (!staff) return refused(403, followUpId, kind, form, t('errors.FORBIDDEN'));
  if (followUpId === null) return refused(400, null, kind, form, t('errors.FOLLOW_UP_NOT_FOUND'));
  const input = stepFrom(kind, form);
  if (!input.ok) return refused(400, followUpId, kind, form, t('supervision.followUps.checkFields'), input.fields);
  try {
    await event.locals.context.followUps.step(staff, followUpId, input.value);
    return { followUpId, kind, saved: t(`supervision.followUps.saved.${kind}`) };
  } catch (cause) {
    const { status, error } = await errorPayloadOf(cause, event);
    return refused(status, followUpId, kind, form, error.message);
  }
}

export const actions = {
  returnCall: async (event) => await step(event, 'return_call'),
  rectify: async (event) => await step(event, 'rectify'),
  close: async (event) => await step(event, 'close'),
  decide: async ({ request, locals, url }) => {
    const form = await request.formData();
    const followUpId = idFrom(form, 'followUpId');
    const appealId = idFrom(form, 'appealId');
    const staff = await supervisor(locals, url);
    if (!staff) return refused(403, followUpId, 'decision', form, t('errors.FORBIDDEN'));
    if (appealId === null) return refused(400, followUpId, 'decision', form, t('errors.APPEAL_NOT_FOUND'));
    const input = decisionFrom(form);
    if (!input.ok) return refused(400, followUpId, 'decision', form, t('supervision.followUps.checkFields'), input.fields);
    try {
      await locals.context.followUps.decide(staff, appealId, input.value);
      return { followUpId, kind: 'decision' as const, saved: t('supervision.followUps.saved.decision') };
    } catch (cause) {
      const { status, error } = await errorPayloadOf(cause, { locals, url });
      return refused(status, followUpId, 'decision', form, error.message);
    }
  },
} satisfies Actions;

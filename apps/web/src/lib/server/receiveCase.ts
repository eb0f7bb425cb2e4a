/**
 * 受理办件（收件） from the home clerk's session page as a form action (it works without JavaScript):
 * the case service decides; materials missing or under 需重新采集 come back as the list the page asks
 * the clerk to confirm, and a confirmed form (confirmGaps=1) receives the case with them recorded.
 */
import { fail } from '@sveltejs/kit';
import type { SignedInStaff } from '$shared';
import { t } from '$lib/i18n';
import type { ReceiveOutcome } from '$lib/receiveOutcome';
import { errorPayloadOf } from './errorPayload';

export async function receiveFromForm(locals: App.Locals, url: URL, staff: SignedInStaff, sessionId: string, form: FormData) {
  const confirmGaps = form.get('confirmGaps') === '1';
  try {
    const row = await locals.context.cases.receive(staff, sessionId, { confirmGaps });
    return { receive: { done: true, message: t('cases.panel.received', { caseNumber: row.caseNumber }) } satisfies ReceiveOutcome };
  } catch (cause) {
    const { status, error } = await errorPayloadOf(cause, { locals, url });
    const of = (path: string) => (error.fields ?? []).filter((f) => f.path === path).map((f) => f.message);
    const receive: ReceiveOutcome =
      error.code === 'CASE_MATERIALS_MISSING' ? { message: error.message, missing: of('missing'), recapture: of('recapture') } : { message: error.message };
    return fail(status, { receive });
  }
}

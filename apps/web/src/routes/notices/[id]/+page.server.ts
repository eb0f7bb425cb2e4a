/**
 * The 一次性告知书 to print for the citizen (the local clerk prints it at the window; the home clerk and
 * supervisors may read it): a citizen page (适老化) that prints on A4, with its PDF to download.
 */
import { error } from '@sveltejs/kit';
import { noticeIdParam } from '$shared';
import { t } from '$lib/i18n';
import { caseReaderRoles } from '$lib/server/cases';
import { errorPayloadOf } from '$lib/server/errorPayload';
import { requireAnyRole } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const staff = await requireAnyRole(locals, url, caseReaderRoles);
  const id = noticeIdParam.safeParse(params.id);
  if (!id.success || id.data > Number.MAX_SAFE_INTEGER) error(404, { message: t('errors.NOTICE_NOT_FOUND'), code: 'NOTICE_NOT_FOUND' });
  try {
    return { notice: await locals.context.notices.one(staff, id.data), workingDays: locals.context.notices.workingDays };
  } catch (cause) {
    const { status, error: payload } = await errorPayloadOf(cause, { locals, url });
    error(status, { message: payload.message, code: payload.code });
  }
};

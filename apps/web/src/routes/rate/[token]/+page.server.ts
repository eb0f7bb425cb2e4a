/**
 * The citizen's rating page (public, no sign-in): the service, five levels, reasons for a bad one.
 * The link is the one-time token; the server refuses a second rating, an expired link, a level
 * outside the five and an over-long comment, and stores nothing then.
 */
import { fail } from '@sveltejs/kit';
import type { z } from 'zod';
import { ratingSubmission, ratingToken, type RatingLevel, type RatingPage } from '$shared/ratings';
import { t } from '$lib/i18n';
import { errorPayloadOf } from '$lib/server/errorPayload';
import { COMMENT_MAX, type RatingFieldErrors } from './ratingForm';
import type { Actions, PageServerLoad } from './$types';

async function pageOf(context: App.Locals['context'], token: string): Promise<RatingPage | null> {
  if (!ratingToken.safeParse(token).success) return null;
  try {
    return await context.ratings.page(token);
  } catch (cause) {
    const { status } = await errorPayloadOf(cause);
    if (status === 404) return null;
    throw cause;
  }
}

export const load: PageServerLoad = async ({ locals, params, url }) => ({
  rating: await pageOf(locals.context, params.token),
  kiosk: url.searchParams.get('kiosk') === '1',
});

/** One plain sentence per field for what the schema refused. */
function fieldErrors(issues: z.core.$ZodIssue[], levelGiven: boolean): RatingFieldErrors {
  const errors: RatingFieldErrors = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (field === 'level') errors.level ??= t(levelGiven ? 'rating.levelInvalid' : 'rating.levelRequired');
    else if (field === 'reasons') errors.reasons ??= t(issue.code === 'custom' ? 'rating.reasonsRequired' : 'rating.reasonsInvalid');
    else if (field === 'comment') errors.comment ??= t('rating.commentTooLong', { max: COMMENT_MAX });
  }
  return errors;
}

export const actions = {
  rate: async ({ request, locals, params }) => {
    const form = await request.formData();
    const level = form.get('level');
    const levelText = typeof level === 'string' ? level.trim() : '';
    const reasons = form.getAll('reasons').filter((r): r is string => typeof r === 'string');
    const commentValue = form.get('comment');
    const comment = typeof commentValue === 'string' ? commentValue : '';
    const values = { level: levelText, reasons, comment };

    const parsed = ratingSubmission.safeParse({ level: levelText === '' ? undefined : levelText, reasons, comment });
    if (!parsed.success) {
      return fail(400, { values, error: t('rating.checkFields'), code: 'VALIDATION_FAILED', fields: fieldErrors(parsed.error.issues, levelText !== '') });
    }
    try {
      const rated = await locals.context.ratings.submit(params.token, parsed.data);
      return { rated: true as const, level: (rated.level ?? parsed.data.level) as RatingLevel };
    } catch (cause) {
      const { status, error } = await errorPayloadOf(cause);
      return fail(status, { values, error: error.message, code: error.code, fields: {} as RatingFieldErrors });
    }
  },
} satisfies Actions;

import { fail, redirect } from '@sveltejs/kit';
import type { z } from 'zod';
import { signInRequest } from '$shared/auth';
import { t } from '$lib/i18n';
import { landingPath } from '$lib/server/redirects';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.staff) redirect(303, landingPath(locals.staff.role, url.searchParams.get('next')));
  return { caCertificatePath: locals.context.caCertificatePath };
};

type Field = 'username' | 'password';
type FieldMessages = Partial<Record<Field, string>>;

/** Plain Chinese sentences for the schema's complaints, one per field. */
function fieldMessages(issues: z.core.$ZodIssue[]): FieldMessages {
  const messages: FieldMessages = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if ((field !== 'username' && field !== 'password') || messages[field]) continue;
    const tooLong = issue.code === 'too_big';
    messages[field] =
      field === 'username'
        ? t(tooLong ? 'signIn.usernameTooLong' : 'signIn.usernameRequired')
        : t(tooLong ? 'signIn.passwordTooLong' : 'signIn.passwordRequired');
  }
  return messages;
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export const actions = {
  default: async ({ request, locals, cookies, url, getClientAddress }) => {
    const form = await request.formData();
    const username = text(form, 'username');
    const parsed = signInRequest.safeParse({ username, password: text(form, 'password') });
    if (!parsed.success) {
      return fail(400, {
        username,
        error: t('signIn.checkFields'),
        code: 'VALIDATION_FAILED',
        fields: fieldMessages(parsed.error.issues),
      });
    }

    const { auth, cookie } = locals.context;
    const outcome = await auth.signIn(parsed.data, {
      userAgent: request.headers.get('user-agent') ?? '',
      ip: getClientAddress(),
    });
    if (!outcome.ok) {
      return fail(outcome.status, {
        username,
        error: outcome.error.message,
        code: outcome.error.code,
        fields: {} as FieldMessages,
      });
    }

    cookies.set(cookie.name, outcome.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: cookie.secure,
      maxAge: cookie.maxAgeSeconds,
    });
    redirect(303, landingPath(outcome.staff.role, url.searchParams.get('next')));
  },
} satisfies Actions;

import { fail } from '@sveltejs/kit';
import { caseStatusQuery, type PublicCaseStatus } from '$shared';
import { errorPayloadOf } from '$lib/server/errorPayload';
import type { Actions, PageServerLoad } from './$types';

/**
 * 办件进度查询, public: no sign-in, nothing personal. The case number may come from the receipt's QR code
 * (?number=); the last four characters of the ID number are posted, never put in the address.
 */
export const load: PageServerLoad = ({ url }) => ({
  number: url.searchParams.get('number')?.trim().slice(0, 40) ?? '',
});

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.slice(0, 40) : '';
}

export const actions = {
  lookup: async ({ request, locals }) => {
    const { caseStatus, clientAddress } = locals.context;
    const form = await request.formData();
    const values = { number: text(form, 'number'), idLast4: text(form, 'idLast4') };
    const parsed = caseStatusQuery.safeParse(values);
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) fields[String(issue.path[0])] ??= issue.message;
      return fail(400, { values, fields, message: null as string | null, status: null as PublicCaseStatus | null });
    }
    try {
      const status = await caseStatus.find(parsed.data.number, parsed.data.idLast4, clientAddress);
      return { values, fields: {} as Record<string, string>, message: null, status };
    } catch (cause) {
      const { status, error } = await errorPayloadOf(cause);
      return fail(status, { values, fields: {} as Record<string, string>, message: error.message, status: null });
    }
  },
} satisfies Actions;

import { fail, redirect } from '@sveltejs/kit';
import type { ErrorCode, SessionView } from '$shared';
import { t } from '$lib/i18n';
import { groupByHomeJurisdiction } from '$lib/matterGroups';
import { errorPayloadOf } from '$lib/server/errorPayload';
import { requireRole } from '$lib/server/guard';
import {
  parseStartForm,
  readStartForm,
  type StartFieldMessages,
  type StartFormValues,
} from '$lib/server/startSessionForm';
import { readPageRequest } from '$lib/server/paging';
import type { Actions, PageServerLoad } from './$types';

/** How many of the clerk's own sessions the console lists at a time. */
const CONSOLE_SESSIONS_PER_PAGE = 20;

export const load: PageServerLoad = async ({ parent, locals, url }) => {
  const { staff } = await parent();
  const { catalog, sessions } = locals.context;
  const places = await catalog.jurisdictions();

  const point = staff.servicePointId === null ? null : (await catalog.servicePoint(staff.servicePointId));
  const matters = await catalog.matters({ notHomeJurisdictionCode: staff.jurisdictionCode });
  // The start form offers every home jurisdiction that has matters and a window to take them.
  const homes = (await catalog.homeJurisdictions()).map((place) => ({ code: place.code, name: place.fullName }));
  const homeCodes = new Set(homes.map((place) => place.code));
  return {
    servicePoint: point && { ...point, jurisdictionName: places.fullName(point.jurisdictionCode) },
    matterGroups: groupByHomeJurisdiction(matters, places.fullName),
    matterCount: matters.length,
    homeJurisdictions: homes,
    catalog: (await catalog.mattersWithMaterials()).filter((matter) => homeCodes.has(matter.homeJurisdictionCode)),
    mySessions: await sessions.recent(staff, readPageRequest(url, CONSOLE_SESSIONS_PER_PAGE).request),
  };
};

/** One shape for every refusal, so that the page reads `form` the same way whatever went wrong. */
function refuse(status: number, values: StartFormValues, code: ErrorCode, error: string, fields: StartFieldMessages = {}) {
  return fail(status, { values, code, error, fields });
}

export const actions = {
  start: async ({ request, locals, url }) => {
    const staff = await requireRole(locals, url, 'local_clerk');
    const values = readStartForm(await request.formData());
    const parsed = parseStartForm(values);
    if (!parsed.ok) return refuse(400, values, 'VALIDATION_FAILED', t('sessionForm.checkFields'), parsed.fields);

    let session: SessionView;
    try {
      session = await locals.context.sessions.start(staff, parsed.data);
    } catch (cause) {
      const { status, error } = await errorPayloadOf(cause, { locals, url });
      const fields: StartFieldMessages = error.code === 'MATTER_NOT_IN_JURISDICTION' ? { matterId: error.message } : {};
      return refuse(status, values, error.code, error.message, fields);
    }
    redirect(303, `/local/sessions/${session.id}`);
  },
} satisfies Actions;

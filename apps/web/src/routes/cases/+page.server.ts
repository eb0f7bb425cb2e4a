import { caseStatusValues } from '$shared';
import { t } from '$shared/i18n';
import { caseFilterFor, readListQuery } from '$lib/server/cases';
import { listMatters } from '$lib/server/matters';
import type { PageServerLoad } from './$types';

/** The signed-in person's cases, filtered by the GET form's query (状态 / 事项 / 期限). */
export const load: PageServerLoad = async ({ parent, locals, url }) => {
  const { staff } = await parent();
  const { db } = locals.context.database;
  const { query, invalid } = readListQuery(url);
  const cases = locals.context.cases.list(caseFilterFor(db, staff, query));
  // A local clerk's cases span many jurisdictions: the matter filter is for the home side.
  const matters = staff.role === 'local_clerk' ? [] : listMatters(db, { homeJurisdictionCode: staff.jurisdictionCode, includeInactive: true });
  return {
    cases,
    query: { status: query.status ?? '', matter: query.matter ? String(query.matter) : '', due: query.due ?? '' },
    invalid,
    statuses: caseStatusValues.map((value) => ({ value, name: t(`cases.status.${value}`) })),
    matters: matters.map((matter) => ({ id: matter.id, name: matter.name })),
  };
};

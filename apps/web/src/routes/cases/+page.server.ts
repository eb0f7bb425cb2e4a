import { caseStatuses } from '$shared';
import { t } from '$lib/i18n';
import { readListQuery } from '$lib/server/cases';
import type { PageServerLoad } from './$types';

/** The signed-in person's cases (CaseService.list, as GET /api/cases), filtered by the GET form's query (状态 / 事项 / 期限). */
export const load: PageServerLoad = async ({ parent, locals, url }) => {
  const { staff } = await parent();
  const { cases, catalog } = locals.context;
  const { query, invalid } = readListQuery(url);
  // A local clerk's cases span many jurisdictions: the matter filter is for the home side (a supervisor's, all they cover).
  const covered = new Set(staff.role === 'supervisor' ? (await catalog.coveredCodes(staff)) : [staff.jurisdictionCode]);
  const matters = staff.role === 'local_clerk' ? [] : (await catalog.matters({ includeInactive: true })).filter((matter) => covered.has(matter.homeJurisdictionCode));
  return {
    cases: await cases.list(staff, query),
    query: { status: query.status ?? '', matter: query.matter ? String(query.matter) : '', due: query.due ?? '' },
    invalid,
    statuses: caseStatuses.map((value) => ({ value, name: t(`names.caseStatus.${value}`) })),
    matters: matters.map((matter) => ({ id: matter.id, name: matter.name })),
  };
};

import { loadJurisdictions } from '$lib/server/jurisdictions';
import { groupByHomeJurisdiction, listMatters } from '$lib/server/matters';
import { getServicePoint } from '$lib/server/servicePoints';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
  const { staff } = await parent();
  const { db } = locals.context.database;
  const places = loadJurisdictions(db);

  const point = staff.servicePointId === null ? null : getServicePoint(db, staff.servicePointId);
  const matters = listMatters(db, { notHomeJurisdictionCode: staff.jurisdictionCode });
  return {
    servicePoint: point && { ...point, jurisdictionName: places.fullName(point.jurisdictionCode) },
    matterGroups: groupByHomeJurisdiction(matters, places.fullName),
    matterCount: matters.length,
  };
};

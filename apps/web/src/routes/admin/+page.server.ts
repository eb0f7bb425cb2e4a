import { loadJurisdictions } from '$lib/server/jurisdictions';
import { listMatters } from '$lib/server/matters';
import { listServicePoints } from '$lib/server/servicePoints';
import { listStaff } from '$lib/server/staffDirectory';
import type { PageServerLoad } from './$types';

/** The whole catalog, read-only for now: jurisdictions, service points, matters, staff. */
export const load: PageServerLoad = async ({ parent, locals }) => {
  await parent();
  const { db } = locals.context.database;
  const places = loadJurisdictions(db);
  const nameOf = (code: string) => places.get(code)?.name ?? code;

  const servicePoints = listServicePoints(db).map((point) => ({
    ...point,
    jurisdictionName: places.fullName(point.jurisdictionCode),
  }));
  const pointNames = new Map(servicePoints.map((point) => [point.id, point.name]));

  return {
    jurisdictions: places.tree,
    servicePoints,
    matters: listMatters(db, { includeInactive: true }).map((matter) => ({
      ...matter,
      jurisdictionName: places.fullName(matter.homeJurisdictionCode),
    })),
    staffList: listStaff(db, new Date()).map((entry) => ({
      ...entry,
      jurisdictionName: nameOf(entry.jurisdictionCode),
      servicePointName: entry.servicePointId === null ? null : (pointNames.get(entry.servicePointId) ?? null),
    })),
  };
};

import type { PageServerLoad } from './$types';

/** The whole catalog, read-only for now: jurisdictions, service points, matters, staff. */
export const load: PageServerLoad = async ({ parent, locals }) => {
  const { staff } = await parent();
  const { catalog, staffDirectory } = locals.context;
  const places = await catalog.jurisdictions();
  const nameOf = (code: string) => places.get(code)?.name ?? code;

  const servicePoints = (await catalog.servicePoints()).map((point) => ({ ...point, jurisdictionName: places.fullName(point.jurisdictionCode) }));
  const pointNames = new Map(servicePoints.map((point) => [point.id, point.name]));

  return {
    jurisdictions: places.tree,
    servicePoints,
    matters: (await catalog.matters({ includeInactive: true })).map((matter) => ({ ...matter, jurisdictionName: places.fullName(matter.homeJurisdictionCode) })),
    staffList: (await staffDirectory.list(staff)).map((entry) => ({
      ...entry,
      jurisdictionName: nameOf(entry.jurisdictionCode),
      servicePointName: entry.servicePointId === null ? null : (pointNames.get(entry.servicePointId) ?? null),
    })),
  };
};

import { loadJurisdictions } from '$lib/server/jurisdictions';
import { groupByHomeJurisdiction, listMatters } from '$lib/server/matters';
import { waitingQueue } from '$lib/server/queue';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
  const { staff } = await parent();
  const { db } = locals.context.database;
  const places = loadJurisdictions(db);

  const queue = waitingQueue(db, staff.jurisdictionCode).map((entry) => ({
    ...entry,
    originJurisdictionName: places.fullName(entry.originJurisdictionCode),
  }));
  const matters = listMatters(db, { homeJurisdictionCode: staff.jurisdictionCode });
  return {
    jurisdictionName: places.fullName(staff.jurisdictionCode),
    queue,
    matterGroups: groupByHomeJurisdiction(matters, places.fullName),
  };
};

import { startOfBeijingDay } from '$lib/format';
import { loadJurisdictions } from '$lib/server/jurisdictions';
import { listServicePoints } from '$lib/server/servicePoints';
import { activeSessionsIn, sessionCountsSince } from '$lib/server/supervision';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
  const { staff } = await parent();
  const { db } = locals.context.database;
  const places = loadJurisdictions(db);

  const subtree = places.subtree(staff.jurisdictionCode);
  const codes = subtree.map((node) => node.code);
  const today = startOfBeijingDay(new Date());
  const counts = sessionCountsSince(db, codes, today);
  const rows = subtree.map((node) => ({
    code: node.code,
    name: node.name,
    level: node.level,
    depth: node.depth - (subtree[0]?.depth ?? 0),
    ...(counts.get(node.code) ?? { waiting: 0, active: 0, total: 0 }),
  }));

  return {
    jurisdictionName: places.fullName(staff.jurisdictionCode),
    today,
    rows,
    activeSessions: activeSessionsIn(db, codes),
    servicePoints: listServicePoints(db, codes).map((point) => ({
      ...point,
      jurisdictionName: places.fullName(point.jurisdictionCode),
    })),
  };
};

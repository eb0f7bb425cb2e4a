/** The matter catalog (事项) as the consoles list it, with the size of each material checklist. */
import { and, asc, count, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@vwindow/db';
import { matterMaterials, matters } from '@vwindow/db/schema';

export interface MatterSummary {
  id: number;
  code: string;
  name: string;
  homeJurisdictionCode: string;
  timeLimitDays: number;
  active: boolean;
  requiredMaterials: number;
  allMaterials: number;
}

export interface MatterFilter {
  /** Only matters handled by this jurisdiction. */
  homeJurisdictionCode?: string;
  /** Leave out matters handled by this jurisdiction (a clerk needs no remote window for those). */
  notHomeJurisdictionCode?: string;
  /** Default false: only active matters. */
  includeInactive?: boolean;
}

export function listMatters(db: Db, filter: MatterFilter = {}): MatterSummary[] {
  const conditions: SQL[] = [];
  if (filter.homeJurisdictionCode) conditions.push(eq(matters.homeJurisdictionCode, filter.homeJurisdictionCode));
  if (filter.notHomeJurisdictionCode) conditions.push(ne(matters.homeJurisdictionCode, filter.notHomeJurisdictionCode));
  if (!filter.includeInactive) conditions.push(eq(matters.active, true));

  return db
    .select({
      id: matters.id,
      code: matters.code,
      name: matters.name,
      homeJurisdictionCode: matters.homeJurisdictionCode,
      timeLimitDays: matters.timeLimitDays,
      active: matters.active,
      requiredMaterials: sql<number>`coalesce(sum(case when ${matterMaterials.required} then 1 else 0 end), 0)`,
      allMaterials: count(matterMaterials.id),
    })
    .from(matters)
    .leftJoin(matterMaterials, eq(matterMaterials.matterId, matters.id))
    .where(and(...conditions))
    .groupBy(matters.id)
    .orderBy(asc(matters.homeJurisdictionCode), asc(matters.code))
    .all();
}

export interface MatterGroup {
  jurisdictionCode: string;
  jurisdictionName: string;
  matters: MatterSummary[];
}

/** Consecutive runs of one home jurisdiction, as listMatters orders them. */
export function groupByHomeJurisdiction(
  list: MatterSummary[],
  nameOf: (code: string) => string,
): MatterGroup[] {
  const groups: MatterGroup[] = [];
  for (const matter of list) {
    const last = groups.at(-1);
    if (last?.jurisdictionCode === matter.homeJurisdictionCode) {
      last.matters.push(matter);
    } else {
      groups.push({
        jurisdictionCode: matter.homeJurisdictionCode,
        jurisdictionName: nameOf(matter.homeJurisdictionCode),
        matters: [matter],
      });
    }
  }
  return groups;
}

/** Matters grouped by their home jurisdiction, for the consoles' catalog tables. */
import type { MatterSummary } from '$shared';

export interface MatterGroup {
  jurisdictionCode: string;
  jurisdictionName: string;
  matters: MatterSummary[];
}

/** Consecutive runs of one home jurisdiction, in the order the catalog lists them (by jurisdiction, then code). */
export function groupByHomeJurisdiction(list: MatterSummary[], nameOf: (code: string) => string): MatterGroup[] {
  const groups: MatterGroup[] = [];
  for (const matter of list) {
    const last = groups.at(-1);
    if (last?.jurisdictionCode === matter.homeJurisdictionCode) {
      last.matters.push(matter);
    } else {
      groups.push({ jurisdictionCode: matter.homeJurisdictionCode, jurisdictionName: nameOf(matter.homeJurisdictionCode), matters: [matter] });
    }
  }
  return groups;
}

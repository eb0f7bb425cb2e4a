/** The matter catalog as the session form needs it: jurisdictions with matters, matters with materials. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../database';
import { jurisdictions, matterMaterials, matters, servicePoints } from '../schema';

/** Home jurisdictions that have active matters and a window that can take sessions. */
export function homeJurisdictions(db: Db) {
  const withMatters = db.selectDistinct({ code: matters.homeJurisdictionCode }).from(matters).where(eq(matters.active, true));
  const withWindow = db
    .selectDistinct({ code: servicePoints.jurisdictionCode })
    .from(servicePoints)
    .where(inArray(servicePoints.side, ['home', 'both']));
  return db
    .select({ code: jurisdictions.code, name: jurisdictions.name, level: jurisdictions.level, parentCode: jurisdictions.parentCode })
    .from(jurisdictions)
    .where(and(inArray(jurisdictions.code, withMatters), inArray(jurisdictions.code, withWindow)))
    .orderBy(asc(jurisdictions.code))
    .all();
}

export interface CatalogMatter {
  id: number;
  code: string;
  name: string;
  homeJurisdictionCode: string;
  timeLimitDays: number;
  description: string;
  materials: { id: number; name: string; required: boolean; note: string }[];
}

export function mattersWithMaterials(db: Db, homeJurisdictionCode?: string): CatalogMatter[] {
  const rows = db
    .select()
    .from(matters)
    .where(homeJurisdictionCode ? and(eq(matters.active, true), eq(matters.homeJurisdictionCode, homeJurisdictionCode)) : eq(matters.active, true))
    .orderBy(asc(matters.code))
    .all();
  if (rows.length === 0) return [];
  const materials = db
    .select()
    .from(matterMaterials)
    .where(inArray(matterMaterials.matterId, rows.map((m) => m.id)))
    .orderBy(asc(matterMaterials.sortOrder), asc(matterMaterials.id))
    .all();
  return rows.map((m) => ({
    id: m.id,
    code: m.code,
    name: m.name,
    homeJurisdictionCode: m.homeJurisdictionCode,
    timeLimitDays: m.timeLimitDays,
    description: m.description,
    materials: materials
      .filter((x) => x.matterId === m.id)
      .map((x) => ({ id: x.id, name: x.name, required: x.required, note: x.note })),
  }));
}

export function findMatter(db: Db, id: number) {
  return db.select().from(matters).where(eq(matters.id, id)).get();
}

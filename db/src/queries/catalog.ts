/** The catalog: jurisdictions, service points, matters with their materials, as the consoles and the session form need them. */
import { and, asc, count, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database';
import { jurisdictions, matterMaterials, matters, servicePoints } from '../schema';
import type { CatalogMatter } from '@vwindow/signaling/protocol/catalog';

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

/** One matter's checklist, in order. */
export function materialsOfMatter(db: Db, matterId: number): { id: number; name: string; required: boolean }[] {
  return db
    .select({ id: matterMaterials.id, name: matterMaterials.name, required: matterMaterials.required })
    .from(matterMaterials)
    .where(eq(matterMaterials.matterId, matterId))
    .orderBy(asc(matterMaterials.sortOrder), asc(matterMaterials.id))
    .all();
}

export function findMatter(db: Db, id: number) {
  return db.select().from(matters).where(eq(matters.id, id)).get();
}

/** Every jurisdiction, by code. */
export function allJurisdictions(db: Db) {
  return db.select().from(jurisdictions).orderBy(asc(jurisdictions.code)).all();
}

export interface MatterListFilter {
  /** Only matters handled by this jurisdiction. */
  homeJurisdictionCode?: string;
  /** Leave out matters handled by this jurisdiction. */
  notHomeJurisdictionCode?: string;
  /** Default false: only active matters. */
  includeInactive?: boolean;
}

/** Matters with the size of their material checklists, by home jurisdiction, then code. */
export function listMatters(db: Db, filter: MatterListFilter = {}) {
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

/** The material names of a matter's checklist, in its order. */
export function materialNamesOf(db: Db, matterId: number): string[] {
  return db
    .select({ name: matterMaterials.name })
    .from(matterMaterials)
    .where(eq(matterMaterials.matterId, matterId))
    .orderBy(asc(matterMaterials.sortOrder), asc(matterMaterials.id))
    .all()
    .map((row) => row.name);
}

const servicePointColumns = {
  id: servicePoints.id,
  name: servicePoints.name,
  address: servicePoints.address,
  side: servicePoints.side,
  jurisdictionCode: servicePoints.jurisdictionCode,
};

export function findServicePoint(db: Db, id: number) {
  return db.select(servicePointColumns).from(servicePoints).where(eq(servicePoints.id, id)).get();
}

/** All service points, or those of the given jurisdictions; by jurisdiction, then id. */
export function listServicePoints(db: Db, jurisdictionCodes?: string[]) {
  if (jurisdictionCodes?.length === 0) return [];
  return db
    .select(servicePointColumns)
    .from(servicePoints)
    .where(jurisdictionCodes ? inArray(servicePoints.jurisdictionCode, jurisdictionCodes) : undefined)
    .orderBy(asc(servicePoints.jurisdictionCode), asc(servicePoints.id))
    .all();
}

/** The catalog: jurisdictions, service points, matters with their materials, as the consoles and the session form need them. */
import { and, asc, count, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database';
import { perStore, tablesOf } from '../store';
import type { CatalogMatter } from '@vwindow/signaling/protocol/catalog';

/** Home jurisdictions that have active matters and a window that can take sessions. */
export async function homeJurisdictions(db: Db) {
  const { jurisdictions, matters, servicePoints } = tablesOf(db);
  const withMatters = db.selectDistinct({ code: matters.homeJurisdictionCode }).from(matters).where(eq(matters.active, true));
  const withWindow = db
    .selectDistinct({ code: servicePoints.jurisdictionCode })
    .from(servicePoints)
    .where(inArray(servicePoints.side, ['home', 'both']));
  return await db
    .select({ code: jurisdictions.code, name: jurisdictions.name, level: jurisdictions.level, parentCode: jurisdictions.parentCode })
    .from(jurisdictions)
    .where(and(inArray(jurisdictions.code, withMatters), inArray(jurisdictions.code, withWindow)))
    .orderBy(asc(jurisdictions.code));
}

export async function mattersWithMaterials(db: Db, homeJurisdictionCode?: string): Promise<CatalogMatter[]> {
  const { matterMaterials, matters } = tablesOf(db);
  const rows = await db
    .select()
    .from(matters)
    .where(homeJurisdictionCode ? and(eq(matters.active, true), eq(matters.homeJurisdictionCode, homeJurisdictionCode)) : eq(matters.active, true))
    .orderBy(asc(matters.code));
  if (rows.length === 0) return [];
  const materials = await db
    .select()
    .from(matterMaterials)
    .where(inArray(matterMaterials.matterId, rows.map((m) => m.id)))
    .orderBy(asc(matterMaterials.sortOrder), asc(matterMaterials.id));
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
export async function materialsOfMatter(db: Db, matterId: number): Promise<{ id: number; name: string; required: boolean }[]> {
  const { matterMaterials } = tablesOf(db);
  return await db
    .select({ id: matterMaterials.id, name: matterMaterials.name, required: matterMaterials.required })
    .from(matterMaterials)
    .where(eq(matterMaterials.matterId, matterId))
    .orderBy(asc(matterMaterials.sortOrder), asc(matterMaterials.id));
}

export async function findMatter(db: Db, id: number) {
  const { matters } = tablesOf(db);
  return (await db.select().from(matters).where(eq(matters.id, id)))[0];
}

/** Every jurisdiction, by code. */
export async function allJurisdictions(db: Db) {
  const { jurisdictions } = tablesOf(db);
  return await db.select().from(jurisdictions).orderBy(asc(jurisdictions.code));
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
export async function listMatters(db: Db, filter: MatterListFilter = {}) {
  const { matterMaterials, matters } = tablesOf(db);
  const conditions: SQL[] = [];
  if (filter.homeJurisdictionCode) conditions.push(eq(matters.homeJurisdictionCode, filter.homeJurisdictionCode));
  if (filter.notHomeJurisdictionCode) conditions.push(ne(matters.homeJurisdictionCode, filter.notHomeJurisdictionCode));
  if (!filter.includeInactive) conditions.push(eq(matters.active, true));
  return await db
    .select({
      id: matters.id,
      code: matters.code,
      name: matters.name,
      homeJurisdictionCode: matters.homeJurisdictionCode,
      timeLimitDays: matters.timeLimitDays,
      active: matters.active,
      requiredMaterials: sql<number>`coalesce(sum(case when ${matterMaterials.required} then 1 else 0 end), 0)`.mapWith(Number),
      allMaterials: count(matterMaterials.id),
    })
    .from(matters)
    .leftJoin(matterMaterials, eq(matterMaterials.matterId, matters.id))
    .where(and(...conditions))
    .groupBy(matters.id)
    .orderBy(asc(matters.homeJurisdictionCode), asc(matters.code));
}

/** The material names of a matter's checklist, in its order. */
export async function materialNamesOf(db: Db, matterId: number): Promise<string[]> {
  const { matterMaterials } = tablesOf(db);
  return (await db
    .select({ name: matterMaterials.name })
    .from(matterMaterials)
    .where(eq(matterMaterials.matterId, matterId))
    .orderBy(asc(matterMaterials.sortOrder), asc(matterMaterials.id)))
    .map((row) => row.name);
}

const servicePointColumns = perStore(({ servicePoints }) => ({
  id: servicePoints.id,
  name: servicePoints.name,
  address: servicePoints.address,
  side: servicePoints.side,
  jurisdictionCode: servicePoints.jurisdictionCode,
}));

export async function findServicePoint(db: Db, id: number) {
  const { servicePoints } = tablesOf(db);
  return (await db.select(servicePointColumns(db)).from(servicePoints).where(eq(servicePoints.id, id)))[0];
}

/** All service points, or those of the given jurisdictions; by jurisdiction, then id. */
export async function listServicePoints(db: Db, jurisdictionCodes?: string[]) {
  const { servicePoints } = tablesOf(db);
  if (jurisdictionCodes?.length === 0) return [];
  return await db
    .select(servicePointColumns(db))
    .from(servicePoints)
    .where(jurisdictionCodes ? inArray(servicePoints.jurisdictionCode, jurisdictionCodes) : undefined)
    .orderBy(asc(servicePoints.jurisdictionCode), asc(servicePoints.id));
}

/** Captures (材料采集) and identity checks (身份核验) of a session. */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../database';
import type { captures, identityChecks } from '../schema';
import { perStore, tablesOf } from '../store';

export type CaptureRow = typeof captures.$inferSelect;
export type NewCapture = typeof captures.$inferInsert;

export async function insertCapture(db: Db, row: NewCapture): Promise<CaptureRow> {
  const { captures } = tablesOf(db);
  return (await db.insert(captures).values(row).returning())[0]!;
}

const captureColumns = perStore((t) => ({ capture: t.captures, materialName: t.matterMaterials.name, capturedByName: t.staff.displayName }));

export async function captureWithNames(db: Db, id: string) {
  const { captures, matterMaterials, staff } = tablesOf(db);
  return (await db
    .select(captureColumns(db))
    .from(captures)
    .leftJoin(matterMaterials, eq(matterMaterials.id, captures.materialId))
    .innerJoin(staff, eq(staff.id, captures.capturedById))
    .where(eq(captures.id, id)))[0];
}
export type CaptureWithNames = NonNullable<Awaited<ReturnType<typeof captureWithNames>>>;

export async function capturesOfSession(db: Db, sessionId: string): Promise<CaptureWithNames[]> {
  const { captures, matterMaterials, staff } = tablesOf(db);
  return await db
    .select(captureColumns(db))
    .from(captures)
    .leftJoin(matterMaterials, eq(matterMaterials.id, captures.materialId))
    .innerJoin(staff, eq(staff.id, captures.capturedById))
    .where(eq(captures.sessionId, sessionId))
    .orderBy(asc(captures.createdAt), asc(captures.id));
}

export async function reviewCapture(db: Db, id: string, status: 'accepted' | 'recapture_requested', note: string | null): Promise<CaptureRow | undefined> {
  const { captures } = tablesOf(db);
  return (await db.update(captures).set({ status, reviewNote: note }).where(eq(captures.id, id)).returning())[0];
}

export async function materialOfMatter(db: Db, materialId: number, matterId: number) {
  const { matterMaterials } = tablesOf(db);
  return (await db
    .select()
    .from(matterMaterials)
    .where(and(eq(matterMaterials.id, materialId), eq(matterMaterials.matterId, matterId))))[0];
}

export async function insertIdentityCheck(db: Db, row: typeof identityChecks.$inferInsert) {
  const { identityChecks } = tablesOf(db);
  return (await db.insert(identityChecks).values(row).returning())[0]!;
}

/** Every verdict recorded for a session, newest first, with who recorded it. */
export async function identityChecksOfSession(db: Db, sessionId: string) {
  const { identityChecks, staff } = tablesOf(db);
  return await db
    .select({ check: identityChecks, checkedByName: staff.displayName })
    .from(identityChecks)
    .innerJoin(staff, eq(staff.id, identityChecks.checkedById))
    .where(eq(identityChecks.sessionId, sessionId))
    .orderBy(desc(identityChecks.createdAt), desc(identityChecks.id));
}

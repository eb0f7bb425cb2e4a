/** Captures (材料采集) and identity checks (身份核验) of a session. */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../database';
import { captures, identityChecks, matterMaterials, staff } from '../schema';

export type CaptureRow = typeof captures.$inferSelect;
export type NewCapture = typeof captures.$inferInsert;

export function insertCapture(db: Db, row: NewCapture): CaptureRow {
  return db.insert(captures).values(row).returning().get();
}

const captureColumns = { capture: captures, materialName: matterMaterials.name, capturedByName: staff.displayName };

export function captureWithNames(db: Db, id: string) {
  return db
    .select(captureColumns)
    .from(captures)
    .leftJoin(matterMaterials, eq(matterMaterials.id, captures.materialId))
    .innerJoin(staff, eq(staff.id, captures.capturedById))
    .where(eq(captures.id, id))
    .get();
}
export type CaptureWithNames = NonNullable<ReturnType<typeof captureWithNames>>;

export function capturesOfSession(db: Db, sessionId: string): CaptureWithNames[] {
  return db
    .select(captureColumns)
    .from(captures)
    .leftJoin(matterMaterials, eq(matterMaterials.id, captures.materialId))
    .innerJoin(staff, eq(staff.id, captures.capturedById))
    .where(eq(captures.sessionId, sessionId))
    .orderBy(asc(captures.createdAt), asc(captures.id))
    .all();
}

export function reviewCapture(db: Db, id: string, status: 'accepted' | 'recapture_requested', note: string | null): CaptureRow | undefined {
  return db.update(captures).set({ status, reviewNote: note }).where(eq(captures.id, id)).returning().get();
}

export function materialOfMatter(db: Db, materialId: number, matterId: number) {
  return db
    .select()
    .from(matterMaterials)
    .where(and(eq(matterMaterials.id, materialId), eq(matterMaterials.matterId, matterId)))
    .get();
}

export function insertIdentityCheck(db: Db, row: typeof identityChecks.$inferInsert) {
  return db.insert(identityChecks).values(row).returning().get();
}

/** Every verdict recorded for a session, newest first, with who recorded it. */
export function identityChecksOfSession(db: Db, sessionId: string) {
  return db
    .select({ check: identityChecks, checkedByName: staff.displayName })
    .from(identityChecks)
    .innerJoin(staff, eq(staff.id, identityChecks.checkedById))
    .where(eq(identityChecks.sessionId, sessionId))
    .orderBy(desc(identityChecks.createdAt), desc(identityChecks.id))
    .all();
}

/** Staff lookups and the bookkeeping of sign-ins (tokens are stored as sha256 only). */
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../database';
import type { SignedInStaff } from '@vwindow/signaling/protocol/roles';
import { perStore, preparedQuery, storedInstant, tablesOf } from '../store';

/** An account's own row behind a sign-in: the staff member as the protocol defines them (SignedInStaff). */
export interface StaffCredentials extends SignedInStaff {
  passwordHash: string;
  active: boolean;
}

const accountColumns = perStore(({ jurisdictions, servicePoints, staff }) => ({
  id: staff.id,
  username: staff.username,
  displayName: staff.displayName,
  role: staff.role,
  jurisdictionCode: staff.jurisdictionCode,
  jurisdictionName: jurisdictions.name,
  servicePointId: staff.servicePointId,
  servicePointName: servicePoints.name,
}));

export async function findStaffCredentials(db: Db, username: string): Promise<StaffCredentials | undefined> {
  const { jurisdictions, servicePoints, staff } = tablesOf(db);
  return (await db
    .select({
      ...accountColumns(db),
      passwordHash: staff.passwordHash,
      active: staff.active,
    })
    .from(staff)
    .innerJoin(jurisdictions, eq(jurisdictions.code, staff.jurisdictionCode))
    .leftJoin(servicePoints, eq(servicePoints.id, staff.servicePointId))
    .where(eq(staff.username, username)))[0];
}

export async function insertSignIn(db: Db, row: { tokenHash: string; staffId: number; expiresAt: Date; userAgent: string }): Promise<void> {
  const { signIns } = tablesOf(db);
  await db.insert(signIns).values(row);
}

/** The active staff member behind a token hash, if the sign-in has not expired. */
export async function findSignedInStaff(db: Db, tokenHash: string, now: Date): Promise<SignedInStaff | undefined> {
  return (await findSignIn(db, tokenHash, now))?.staff;
}

/**
 * The sign-in lookup behind every request, built and compiled once per database (preparedQuery):
 * building its SQL again for each request cost more than running it.
 */
function signInLookup(db: Db) {
  return preparedQuery(db, 'sign_in_lookup', () => {
    const { jurisdictions, servicePoints, signIns, staff } = tablesOf(db);
    return db
      .select({ ...accountColumns(db), signInExpiresAt: signIns.expiresAt })
      .from(signIns)
      .innerJoin(staff, eq(staff.id, signIns.staffId))
      .innerJoin(jurisdictions, eq(jurisdictions.code, staff.jurisdictionCode))
      .leftJoin(servicePoints, eq(servicePoints.id, staff.servicePointId))
      .where(and(eq(signIns.tokenHash, sql.placeholder('tokenHash')), gt(signIns.expiresAt, sql.placeholder('now')), eq(staff.active, true)));
  });
}

/** Like findSignedInStaff, with the time the sign-in ends. */
export async function findSignIn(db: Db, tokenHash: string, now: Date): Promise<{ staff: SignedInStaff; expiresAt: Date } | undefined> {
  const [row] = await signInLookup(db).execute({ tokenHash, now: storedInstant(db, now) });
  if (!row) return undefined;
  const { signInExpiresAt, ...account } = row;
  return { staff: account, expiresAt: signInExpiresAt };
}

export async function deleteSignIn(db: Db, tokenHash: string): Promise<void> {
  const { signIns } = tablesOf(db);
  await db.delete(signIns).where(eq(signIns.tokenHash, tokenHash));
}

export async function deleteExpiredSignIns(db: Db, now: Date): Promise<number> {
  const { signIns } = tablesOf(db);
  return (await db.delete(signIns).where(lt(signIns.expiresAt, now)).returning({ tokenHash: signIns.tokenHash })).length;
}

/** Every account for the staff list, without the password hash. */
export async function listStaffAccounts(db: Db) {
  const { staff } = tablesOf(db);
  return await db
    .select({
      id: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      role: staff.role,
      jurisdictionCode: staff.jurisdictionCode,
      servicePointId: staff.servicePointId,
      active: staff.active,
    })
    .from(staff)
    .orderBy(asc(staff.jurisdictionCode), asc(staff.username));
}

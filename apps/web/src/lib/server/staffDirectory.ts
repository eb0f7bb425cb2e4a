/** The staff list of the admin console; never the password hash. */
import { asc } from 'drizzle-orm';
import type { Db } from '@vwindow/db';
import { staff, type StaffRole } from '@vwindow/db/schema';

export type AccountState = { kind: 'normal' } | { kind: 'inactive' } | { kind: 'locked'; until: Date };

export interface StaffEntry {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
  jurisdictionCode: string;
  servicePointId: number | null;
  account: AccountState;
}

export function listStaff(db: Db, now: Date): StaffEntry[] {
  const rows = db
    .select({
      id: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      role: staff.role,
      jurisdictionCode: staff.jurisdictionCode,
      servicePointId: staff.servicePointId,
      active: staff.active,
      lockedUntil: staff.lockedUntil,
    })
    .from(staff)
    .orderBy(asc(staff.jurisdictionCode), asc(staff.username))
    .all();
  return rows.map(({ active, lockedUntil, ...row }) => ({
    ...row,
    account: !active
      ? { kind: 'inactive' }
      : lockedUntil && lockedUntil > now
        ? { kind: 'locked', until: lockedUntil }
        : { kind: 'normal' },
  }));
}

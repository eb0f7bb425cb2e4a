/** The staff list of the admin console: every account and its state; never a password hash. */
import { listStaffAccounts, type Database } from '@vwindow/db';
import { refused } from '../audit/refusals';
import type { SignedInStaff, StaffEntry } from '../protocol';

export class StaffDirectory {
  readonly #database: Database;
  readonly #now: () => Date;

  constructor(options: { database: Database; now?: () => Date }) {
    this.#database = options.database;
    this.#now = options.now ?? (() => new Date());
  }

  list(staff: SignedInStaff): StaffEntry[] {
    const db = this.#database.db;
    if (staff.role !== 'admin') throw refused(db, { actor: staff, action: 'staff.read_refused', target: { type: 'staff', id: 'all' }, reason: 'FORBIDDEN' });
    const now = this.#now();
    return listStaffAccounts(db).map(({ active, lockedUntil, ...row }) => ({
      ...row,
      account: !active ? { kind: 'inactive' } : lockedUntil && lockedUntil > now ? { kind: 'locked', until: lockedUntil } : { kind: 'normal' },
    }));
  }
}

/** The staff list of the admin console: every account and its state; never a password hash. */
import { listStaffAccounts, type Database } from '@vwindow/db';
import { refused } from '../audit/refusals';
import type { SignedInStaff, StaffEntry } from '../protocol';

export class StaffDirectory {
  readonly #database: Database;

  constructor(options: { database: Database }) {
    this.#database = options.database;
  }

  async list(staff: SignedInStaff): Promise<StaffEntry[]> {
    const db = this.#database.db;
    if (staff.role !== 'admin') throw await refused(db, { actor: staff, action: 'staff.read_refused', target: { type: 'staff', id: 'all' }, reason: 'FORBIDDEN' });
    return (await listStaffAccounts(db)).map(({ active, ...row }) => ({ ...row, account: { kind: active ? 'normal' : 'inactive' } }));
  }
}

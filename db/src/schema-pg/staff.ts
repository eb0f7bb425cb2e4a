/** Staff accounts and their sign-ins. */
import { boolean, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { autoId, createdAt, timestampMs } from './columns';
import { jurisdictions, servicePoints } from './catalog';
import { staffRoles } from '@vwindow/signaling/protocol/values';

export const staff = pgTable(
  'staff',
  {
    id: autoId(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: staffRoles }).notNull(),
    jurisdictionCode: text('jurisdiction_code')
      .notNull()
      .references(() => jurisdictions.code),
    servicePointId: integer('service_point_id').references(() => servicePoints.id),
    /** scrypt, as produced by db/src/password.ts. */
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('staff_jurisdiction_idx').on(t.jurisdictionCode)],
);

/** A signed-in browser: the cookie holds the token, the table holds its sha256 only. */
export const signIns = pgTable(
  'sign_ins',
  {
    tokenHash: text('token_hash').primaryKey(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestampMs('expires_at').notNull(),
    userAgent: text('user_agent').notNull().default(''),
  },
  (t) => [index('sign_ins_staff_idx').on(t.staffId)],
);

/** A column naming a staff member (who did something); chain `.notNull()` where there always is one. */
export const staffRef = (column: string) => integer(column).references(() => staff.id);

/** Staff accounts and their sign-ins. */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';
import { jurisdictions, servicePoints } from './catalog';
import { staffRoles } from '@vwindow/signaling/protocol/values';

export const staff = sqliteTable(
  'staff',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: staffRoles }).notNull(),
    jurisdictionCode: text('jurisdiction_code')
      .notNull()
      .references(() => jurisdictions.code),
    servicePointId: integer('service_point_id').references(() => servicePoints.id),
    /** scrypt, as produced by db/src/password.ts. */
    passwordHash: text('password_hash').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('staff_jurisdiction_idx').on(t.jurisdictionCode)],
);

/** A signed-in browser: the cookie holds the token, the table holds its sha256 only. */
export const signIns = sqliteTable(
  'sign_ins',
  {
    tokenHash: text('token_hash').primaryKey(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    userAgent: text('user_agent').notNull().default(''),
  },
  (t) => [index('sign_ins_staff_idx').on(t.staffId)],
);

/** A column naming a staff member (who did something); chain `.notNull()` where there always is one. */
export const staffRef = (column: string) => integer(column).references(() => staff.id);

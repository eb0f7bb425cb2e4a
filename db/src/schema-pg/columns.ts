/**
 * Column shapes shared by several tables, PostgreSQL side. Each maps one SQLite shape of
 * ../schema/columns.ts and the SQLite column modes so that the TypeScript row types stay the same
 * (sameTypes.test.ts fails to compile when they do not):
 * - integer timestamp_ms → timestamp with time zone, precision 3 (milliseconds, as JavaScript's Date:
 *   a value read back equals the one written, so cursors and hashes built from it still match);
 * - integer boolean → boolean; integer primary key autoincrement → integer identity (by default, so an
 *   insert may still give an id, as in SQLite);
 * - text json → jsonb, or json where the exact text must survive (the audit chain hashes it);
 * - blob buffer → bytea (drizzle 0.45 has no bytea builder: a custom type reading and writing Buffer).
 */
import { customType, integer, timestamp } from 'drizzle-orm/pg-core';

/** An instant, kept to the millisecond (JavaScript's precision), read as a Date. */
export const timestampMs = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

/** When the row was made, set by PostgreSQL when the code gives none. */
export const createdAt = () => timestampMs('created_at').notNull().defaultNow();

/** The table's own number, given by PostgreSQL unless the insert names one. */
export const autoId = () => integer('id').primaryKey().generatedByDefaultAsIdentity();

/**
 * An integer primary key that is not the table's own number (it names a matter): in SQLite such a
 * column is the rowid, given by SQLite when an insert leaves it out, and drizzle types it optional on
 * insert. Mirrored as an identity by default, which gives the same type and the same behaviour.
 */
export const rowidKey = (name: string) => integer(name).primaryKey().generatedByDefaultAsIdentity();

/** Bytes as a Buffer (node-postgres reads bytea as one). */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * One code path for both stores (issue 20): every query takes the SQLite `Db` type and runs the same
 * drizzle calls on whichever store its `db` belongs to. drizzle types each dialect's builders apart, so
 * the PostgreSQL database and tables are handed over typed as the SQLite ones (as cluster.ts does).
 * That is sound because the two schemas give the same rows (schema-pg/sameTypes.test.ts), the queries
 * use only builder methods both dialects have, every query is awaited (no .get/.all/.run), and the few
 * dialect-specific fragments ask `isPostgres(db)` (queries/DIALECT.md lists them).
 *
 * A query reads its tables with `tablesOf(db)`, never from a module-level import: the SQLite tables'
 * columns map values the SQLite way (instants to epoch milliseconds, booleans to 0/1, JSON to text),
 * the PostgreSQL ones the PostgreSQL way. On SQLite this costs one `instanceof` per query call.
 */
import { PgDatabase } from 'drizzle-orm/pg-core';
import type { Db } from './database';
import type { PgDb } from './postgres';
import { withCompiledMapper } from './rowMapper';
import * as sqliteSchema from './schema';
import * as pgSchema from './schema-pg';

/** The tables of a store, typed as the SQLite schema's (see above). */
export type Tables = typeof sqliteSchema;

const pgTables = pgSchema as unknown as Tables;

/** Whether `db` (a database or a transaction) is the PostgreSQL store's. */
export function isPostgres(db: Db): boolean {
  return (db as unknown) instanceof PgDatabase;
}

/** The tables of the store `db` belongs to. */
export function tablesOf(db: Db): Tables {
  return (db as unknown) instanceof PgDatabase ? pgTables : sqliteSchema;
}

/** The PostgreSQL store's database typed as the one every query takes. */
export function asDb(db: PgDb): Db {
  return db as unknown as Db;
}

/** The PostgreSQL database behind `db` (when isPostgres(db)). */
export function asPgDb(db: Db): PgDb {
  return db as unknown as PgDb;
}

/**
 * Something built once per store from its tables (aliases, column sets), e.g.
 * `const aliases = perStore((t) => ({ homeClerk: alias(t.staff, 'home_clerk') }))`, then `aliases(db)`
 * (or `aliases.of(tables)` inside another perStore).
 */
export function perStore<T>(build: (tables: Tables) => T): ((db: Db) => T) & { of(tables: Tables): T } {
  let onSqlite: T | undefined;
  let onPostgres: T | undefined;
  const of = (tables: Tables): T => (tables === pgTables ? (onPostgres ??= build(pgTables)) : (onSqlite ??= build(sqliteSchema)));
  return Object.assign((db: Db) => of(tablesOf(db)), { of });
}

/** The prepared queries of each database (or transaction), by name. */
const preparedQueries = new WeakMap<Db, Map<string, unknown>>();

/**
 * A query built and compiled once per database, then run with its `sql.placeholder` values: for the
 * lists behind every page, building the SQL again on each request cost more CPU than running it (about
 * a fifth of a list request). `name` stands for one shape of query (its SQL text); on PostgreSQL it
 * names the prepared statement, parsed once per pooled connection. A placeholder is bound as it is:
 * instants with `storedInstant`. Its rows are mapped by a mapper made once for it (./rowMapper.ts).
 */
export function preparedQuery<P>(db: Db, name: string, build: () => { prepare(): P }): P {
  let ofDb = preparedQueries.get(db);
  if (!ofDb) preparedQueries.set(db, (ofDb = new Map()));
  let query = ofDb.get(name) as P | undefined;
  if (!query) {
    const builder = build();
    query = withCompiledMapper(isPostgres(db) ? (builder as unknown as { prepare(name: string): P }).prepare(`vw_${name}`) : builder.prepare());
    ofDb.set(name, query);
  }
  return query;
}

/** An instant as a placeholder binds it for a timestamp column: epoch milliseconds on SQLite, the Date on PostgreSQL. */
export function storedInstant(db: Db, at: Date): Date | number {
  return isPostgres(db) ? at : at.getTime();
}

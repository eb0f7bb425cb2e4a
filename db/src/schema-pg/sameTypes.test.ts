/**
 * The PostgreSQL tables give the same TypeScript rows as the SQLite ones, so one set of queries and
 * services serves both stores. The checks are types: `npm run check` fails when a table, a column, its
 * type or whether it may be left out of an insert differs; the test below only names what was compared.
 */
import { getTableColumns, getTableName, is, Table, type InferInsertModel, type InferSelectModel } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as sqlite from '../schema';
import * as pg from './index';

/** true when A and B are the same type (not merely assignable either way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type TableKeys<S> = { [K in keyof S]: S[K] extends Table ? K : never }[keyof S];
type SqliteTables = TableKeys<typeof sqlite>;
type PgTables = TableKeys<typeof pg>;

/** Every table of one side is a table of the other, under the same export name. */
const sameTables: Same<SqliteTables, PgTables> = true;

/** Per table: true when both row types (select and insert) are the same, else the name of what differs. */
type RowsCompared = {
  [K in SqliteTables & PgTables]: typeof sqlite[K] extends Table
    ? typeof pg[K] extends Table
      ? [
          Same<InferSelectModel<typeof sqlite[K]>, InferSelectModel<typeof pg[K]>>,
          Same<InferInsertModel<typeof sqlite[K]>, InferInsertModel<typeof pg[K]>>,
        ] extends [true, true]
        ? true
        : K
      : never
    : never;
};
/** Fails to compile, naming the table, when any table's rows differ. */
const sameRows: { [K in keyof RowsCompared]: true } = {} as RowsCompared;

function tablesOf(schema: Record<string, unknown>): Map<string, Table> {
  return new Map(Object.entries(schema).flatMap(([key, value]) => (is(value, Table) ? [[key, value] as const] : [])));
}

describe('the PostgreSQL schema', () => {
  it('has the SQLite tables and columns under the same names', () => {
    expect(sameTables && Object.keys(sameRows).length === 0).toBe(true);
    const sqliteTables = tablesOf(sqlite);
    const pgTables = tablesOf(pg);
    expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
    for (const [key, table] of sqliteTables) {
      const other = pgTables.get(key)!;
      expect(getTableName(other), key).toBe(getTableName(table));
      const columnNames = (t: Table) => Object.fromEntries(Object.entries(getTableColumns(t)).map(([k, column]) => [k, column.name]));
      expect(columnNames(other), key).toEqual(columnNames(table));
    }
  });
});

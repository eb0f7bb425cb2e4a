/**
 * The two stores have the same schema: the committed SQLite migrations applied to a real SQLite file
 * and the committed PostgreSQL migrations applied to a real PostgreSQL, each read back from its engine
 * (PRAGMAs; information_schema and pg_catalog) and compared: tables, columns (type family, nullability,
 * default), primary keys, unique and plain indexes with their keys and WHERE, foreign keys with their
 * actions, CHECK constraint names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresSchemaShape, sqliteSchemaShape, type SchemaShape } from '../testing/schemaShape';
import { createTempDatabase, type TempDatabase } from '../testing/tempDatabase';
import { createTestPostgres, type TestPostgres } from '../testing/testPostgres';

let sqlite: TempDatabase;
let postgres: TestPostgres;
let sqliteShape: SchemaShape;
let postgresShape: SchemaShape;

beforeAll(async () => {
  sqlite = await createTempDatabase({ seed: false });
  postgres = await createTestPostgres({ maxConnections: 2 });
  sqliteShape = sqliteSchemaShape(sqlite.sqlite);
  postgresShape = await postgresSchemaShape(postgres.pool);
});
afterAll(async () => {
  sqlite?.dispose();
  await postgres?.dispose();
});

describe('the SQLite and PostgreSQL schemas, as migrated', () => {
  it('have the same tables', () => {
    expect(Object.keys(postgresShape).sort()).toEqual(Object.keys(sqliteShape).sort());
    expect(Object.keys(sqliteShape).length).toBeGreaterThan(20);
  });

  it('have the same columns, keys, indexes, foreign keys and checks in every table', () => {
    for (const [table, shape] of Object.entries(sqliteShape)) {
      expect(postgresShape[table], table).toEqual(shape);
    }
  });

  it('read index expressions back alike from both engines (the case list order)', () => {
    expect(sqliteShape.cases!.indexes.cases_jurisdiction_due_idx).toEqual(postgresShape.cases!.indexes.cases_jurisdiction_due_idx);
    expect(postgresShape.cases!.indexes.cases_jurisdiction_due_idx!.keys).toEqual(['home_jurisdiction_code', "casewhendue_dateisnullthen'9999-12-31'elsedue_dateend", '-id']);
  });

  it('keeps instants to the millisecond on PostgreSQL, as JavaScript and the SQLite store do', async () => {
    const { rows } = await postgres.pool.query<{ n: string; precisions: number[] }>(
      "SELECT count(*) AS n, array_agg(DISTINCT datetime_precision::int) AS precisions FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'timestamp with time zone'",
    );
    expect(Number(rows[0]!.n)).toBeGreaterThan(40);
    expect(rows[0]!.precisions).toEqual([3]);
  });
});

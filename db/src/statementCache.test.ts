import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jurisdictions } from './schema';
import { plannedOnce } from './statementCache';
import { createTempDatabase, type TempDatabase } from './testing/tempDatabase';

describe('compiled statements kept by SQL text', () => {
  let database: TempDatabase;
  beforeEach(async () => {
    database = await createTempDatabase();
  });
  afterEach(() => database.dispose());

  it('hands the same statement out again, as rows with column names after drizzle read it raw', async () => {
    const query = database.db.select({ code: jurisdictions.code }).from(jurisdictions).orderBy(asc(jurisdictions.code)).limit(2);
    const { sql } = query.toSQL();
    const viaDrizzle = await query;
    expect(viaDrizzle).toHaveLength(2);
    const again = database.sqlite.prepare(sql);
    expect(database.sqlite.prepare(sql)).toBe(again);
    expect(again.all(2)).toEqual(viaDrizzle);
    // drizzle's own mapping still works on the shared statement.
    expect(await query).toEqual(viaDrizzle);
  });

  it('compiles a fresh statement while the kept one is being iterated', () => {
    const sql = 'SELECT code FROM jurisdictions ORDER BY code';
    const kept = database.sqlite.prepare(sql);
    const rows = kept.iterate();
    rows.next();
    const other = database.sqlite.prepare(sql);
    expect(other).not.toBe(kept);
    expect(other.all().length).toBeGreaterThan(1);
    rows.return?.();
    expect(database.sqlite.prepare(sql)).toBe(kept);
  });

  it('compiles a bound LIMIT and OFFSET as casts, which SQLite plans once, with the same rows', async () => {
    const codes = (await database.db.select({ code: jurisdictions.code }).from(jurisdictions).orderBy(asc(jurisdictions.code))).map((r) => r.code);
    const query = database.db.select({ code: jurisdictions.code }).from(jurisdictions).orderBy(asc(jurisdictions.code)).limit(3).offset(2);
    const { sql } = query.toSQL();
    expect(sql).toMatch(/ limit \? offset \?$/);
    expect((await query).map((r) => r.code)).toEqual(codes.slice(2, 5));
    expect(database.sqlite.prepare(sql).source).toMatch(/ limit cast\(\? AS INTEGER\) offset cast\(\? AS INTEGER\)$/);
    // The same rows run after run (the value bound again each time), and for another limit.
    expect((await query).map((r) => r.code)).toEqual(codes.slice(2, 5));
    expect((await database.db.select({ code: jurisdictions.code }).from(jurisdictions).orderBy(asc(jurisdictions.code)).limit(1).offset(4)).map((r) => r.code)).toEqual(codes.slice(4, 5));
  });

  it('leaves a literal limit, and the words in names and text, as they are', () => {
    expect(plannedOnce('SELECT 1 LIMIT 5')).toBe('SELECT 1 LIMIT 5');
    expect(plannedOnce('SELECT * FROM (SELECT a FROM t LIMIT ?) LIMIT ? OFFSET ?')).toBe(
      'SELECT * FROM (SELECT a FROM t LIMIT cast(? AS INTEGER)) LIMIT cast(? AS INTEGER) OFFSET cast(? AS INTEGER)',
    );
    expect(plannedOnce('SELECT "rate_limit" FROM t WHERE a = ?')).toBe('SELECT "rate_limit" FROM t WHERE a = ?');
  });
});

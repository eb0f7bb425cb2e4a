import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jurisdictions } from './schema';
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
});

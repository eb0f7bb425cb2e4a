/**
 * The statistics cache's change mark on PostgreSQL (databaseChangeMark): a committed write on any
 * connection moves it, also one that was already running when the mark was taken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { asDb } from '../store';
import { createTestPostgres, type TestPostgres } from '../testing/testPostgres';
import { appendAudit } from './auditLog';
import { databaseChangeMark } from './supervision';

describe('databaseChangeMark on PostgreSQL', () => {
  let store: TestPostgres;
  beforeAll(async () => {
    store = await createTestPostgres();
  });
  afterAll(async () => await store?.dispose());

  it('moves with every committed write, also one begun before the mark was taken', async () => {
    const db = asDb(store.db);
    const before = await databaseChangeMark(db);
    await appendAudit(db, { actorId: null, action: 'test.step', entityType: 'test', entityId: '1' });
    const afterWrite = await databaseChangeMark(db);
    expect(afterWrite).not.toBe(before);

    // A transaction that wrote (and so holds a transaction id) but has not committed when the mark is taken.
    const client = await store.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO calendar_days (date, kind, name) VALUES ('2026-12-24', 'holiday', 'x')`);
      const during = await databaseChangeMark(db);
      await client.query('COMMIT');
      expect(await databaseChangeMark(db)).not.toBe(during);
    } finally {
      client.release();
    }
    expect((await store.db.execute(sql`SELECT count(*)::int AS n FROM calendar_days`)).rows[0]).toEqual({ n: 1 });
  });
});

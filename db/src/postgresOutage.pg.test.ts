/**
 * Transactions when PostgreSQL ends the connections (a restart, a failover, an ended backend) on a real
 * server: a transaction whose pooled client died while it sat idle fails, and gives the client back, so
 * that a pool of one still serves once the database takes connections again (drizzle-orm 0.45 alone
 * keeps such a client checked out for good: pgTransaction in postgres.ts).
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asDb, asPgDb } from './store';
import { createTestPostgres, type TestPostgres } from './testing/testPostgres';
import { inTransaction } from './transaction';

describe('a transaction on a connection PostgreSQL ended', () => {
  let store: TestPostgres;
  let admin: pg.Client;
  beforeAll(async () => {
    store = await createTestPostgres({ maxConnections: 1 });
    admin = new pg.Client({ connectionString: inject('postgres').adminUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await store?.dispose();
  });

  it('fails, gives its client back, and the pool of one serves again', async () => {
    const db = asDb(store.db);
    // A transaction, or a failure when it got no connection within 5 s (the pool of one emptied by a lost client).
    const now = () =>
      Promise.race([
        inTransaction(db, async (tx) => await asPgDb(tx).execute(sql`SELECT 1 AS one`)),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no connection from the pool within 5 s')), 5_000).unref()),
      ]);
    // Its one idle connection ended by the server: when the pool has not heard of it yet as the
    // transaction begins (most tries), BEGIN fails on it; after each try the pool of one must serve.
    let beginFailed = 0;
    for (let round = 0; round < 20 && beginFailed < 3; round++) {
      await now();
      const [{ pid }] = (await store.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      const failure = await now().then(() => null, (error: Error) => error);
      if (failure) {
        expect(failure.message).toMatch(/begin/i);
        beginFailed += 1;
      }
      expect(store.pool.totalCount - store.pool.idleCount).toBe(0);
      await expect(now()).resolves.toBeDefined();
    }
    expect(beginFailed).toBeGreaterThan(0);
  });
});

/**
 * The recorders' rows when the database is away for a while, on a real PostgreSQL: the database stops
 * taking connections and its connections are ended (as in a restart or a failover); the rows are tried
 * again and written once it is back, in order, in the audit chain. Stopped with close(), a writer gives
 * up at once instead of waiting for a database that does not come back.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postgresStore, recordingsOfSession, seedDemoData, verifyAuditChain, type Database } from '@vwindow/db';
import { createTestPostgres, type TestPostgres } from '../../../db/src/testing/testPostgres';
import { createLogger } from '../logger';
import { RecordingRowWriter } from './recordingRows';
import { insertRecordedSession, segmentRow } from './recordingRowsFixture';

describe('recording rows while PostgreSQL is away', () => {
  let postgres: TestPostgres;
  let database: Database;
  let admin: pg.Client;
  const sessionId = '00000000-0000-4000-9000-000000000002';
  beforeAll(async () => {
    postgres = await createTestPostgres();
    database = postgresStore(postgres);
    await seedDemoData(database, { passwordHash: { N: 2 ** 10 } });
    await insertRecordedSession(database.db, sessionId);
    admin = new pg.Client({ connectionString: inject('postgres').adminUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.query(`ALTER DATABASE ${postgres.name} ALLOW_CONNECTIONS true`);
    await admin?.end();
    await postgres?.dispose();
  });

  const segment = (n: number) => segmentRow(sessionId, n);

  /** The database stops taking connections and the pool's are ended, as in a restart. */
  async function away(): Promise<void> {
    await admin.query(`ALTER DATABASE ${postgres.name} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [postgres.name]);
  }
  const back = () => admin.query(`ALTER DATABASE ${postgres.name} ALLOW_CONNECTIONS true`);
  const until = async (check: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(check()).toBe(true);
  };

  it('tries again until the database is back, then writes every row in order with its audit row', async () => {
    const writer = new RecordingRowWriter(database.db, { logger: createLogger('silent'), retryDelaysMs: Array(50).fill(100) });
    await away();
    const writes = [1, 2, 3].map((n) => writer.write({ row: segment(n) }));
    await until(() => writer.batches >= 3);
    await back();
    const rows = await Promise.all(writes);
    expect(rows.map((row) => row.file)).toEqual([1, 2, 3].map((n) => segment(n).file));
    expect((await recordingsOfSession(database.db, sessionId)).map((row) => row.file)).toEqual(rows.map((row) => row.file));
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
  });

  it('gives up at once when closed while the database is away', async () => {
    const writer = new RecordingRowWriter(database.db, { logger: createLogger('silent'), retryDelaysMs: Array(50).fill(60_000) });
    await away();
    try {
      const writing = writer.write({ row: segment(9) });
      await until(() => writer.batches >= 1);
      const started = Date.now();
      writer.close();
      await expect(writing).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await back();
    }
    expect((await recordingsOfSession(database.db, sessionId)).map((row) => row.file)).not.toContain(segment(9).file);
  });
});

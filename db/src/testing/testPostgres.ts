/**
 * A database of its own for one test file on the run's PostgreSQL server (postgresGlobalSetup.ts):
 * a copy of the migrated template, opened like the product opens it (openPostgres).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openPostgres, type PostgresDatabase } from '../postgres';

export interface TestPostgres extends PostgresDatabase {
  /** The database's name and its URL (to open more pools on it, as other nodes would). */
  readonly name: string;
  readonly databaseUrl: string;
  /** Closes the pool and drops the database. */
  dispose(): Promise<void>;
}

export async function createTestPostgres(options: { maxConnections?: number; connectionWaitMs?: number } = {}): Promise<TestPostgres> {
  const { adminUrl, template } = inject('postgres');
  const name = `vwindow_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const database = await openPostgres({ url: databaseUrl, maxConnections: options.maxConnections, connectionWaitMs: options.connectionWaitMs });
  return Object.assign(database, {
    name,
    databaseUrl,
    async dispose() {
      await database.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  });
}

/**
 * A fresh database on the run's PostgreSQL server (db/src/testing/postgresGlobalSetup.ts) for one test
 * server: a copy of the migrated template, empty of data (the server seeds it as on a first start).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export interface PostgresTestDatabase {
  /** postgres://… of the new database, for VWINDOW_DATABASE_URL. */
  readonly url: string;
  /** Drops it (after the server using it has stopped). */
  drop(): Promise<void>;
}

async function asAdmin(adminUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

export async function createPostgresDatabase(): Promise<PostgresTestDatabase> {
  const { adminUrl, template } = inject('postgres');
  const name = `vwindow_it_${randomBytes(6).toString('hex')}`;
  await asAdmin(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => asAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

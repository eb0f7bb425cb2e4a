/**
 * vitest globalSetup of the `postgres` project (files named *.pg.test.ts): one PostgreSQL server per
 * run, with a template database migrated once; each test file makes its own database from it
 * (testPostgres.ts), which takes a fraction of a second instead of a migration.
 */
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../postgres';
import { startPostgresServer } from './postgresServer';

export const TEMPLATE_DATABASE = 'vwindow_template';

export interface ProvidedPostgres {
  /** URL of the server's `postgres` database, from which test databases are created. */
  adminUrl: string;
  /** The migrated database each test database is a copy of. */
  template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: ProvidedPostgres;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgresServer();
  try {
    const admin = await openPostgres({ url: server.urlFor('postgres'), migrate: false, maxConnections: 1 });
    await admin.pool.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await admin.close();
    const template = await openPostgres({ url: server.urlFor(TEMPLATE_DATABASE), maxConnections: 1 });
    await template.close();
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide('postgres', { adminUrl: server.urlFor('postgres'), template: TEMPLATE_DATABASE });
  return () => server.stop();
}

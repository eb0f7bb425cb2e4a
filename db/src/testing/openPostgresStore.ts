/** A fresh PostgreSQL database of the run's server (testPostgres.ts), seeded like the SQLite one when asked: for *.pg.test.ts. */
import { postgresStore } from '../openStore';
import { seedDemoData } from '../seed';
import type { OpenStore } from './storeUnderTest';
import { createTestPostgres } from './testPostgres';

export const openPostgresStore: OpenStore = async ({ seed }) => {
  const postgres = await createTestPostgres();
  const store = postgresStore(postgres);
  if (seed) await seedDemoData(store, { passwordHash: { N: 2 ** 10 } });
  return { db: store.db, dispose: () => postgres.dispose() };
};

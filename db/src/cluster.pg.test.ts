/**
 * db/src/cluster.ts on a real PostgreSQL (clusterContract.ts): node A and node B each with a pool of
 * their own (25 connections each, so the 50-room race runs as 50 statements at once).
 */
import { openPostgres } from './postgres';
import { clusterContract } from './testing/clusterContract';
import { createTestPostgres } from './testing/testPostgres';

clusterContract('PostgreSQL', async () => {
  const a = await createTestPostgres({ maxConnections: 25 });
  const b = await openPostgres({ url: a.databaseUrl, migrate: false, maxConnections: 25 });
  // Every connection open before the race, so neither node starts late.
  for (const pool of [a.pool, b.pool]) for (const client of await Promise.all(Array.from({ length: 25 }, () => pool.connect()))) client.release();
  return {
    a: a.db,
    b: b.db,
    async dispose() {
      await b.close();
      await a.dispose();
    },
  };
});

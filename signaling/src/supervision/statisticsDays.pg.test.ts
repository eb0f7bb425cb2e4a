import { postgresStore, seedDemoData } from '@vwindow/db';
import { createTestPostgres } from '../../../db/src/testing/testPostgres';
import { statisticsDaysContract } from './statisticsDaysContract';

statisticsDaysContract('PostgreSQL', async () => {
  const postgres = await createTestPostgres();
  const database = postgresStore(postgres);
  await seedDemoData(database, { passwordHash: { N: 2 ** 10 } });
  return { database, dispose: async () => await postgres.dispose() };
}, 300);

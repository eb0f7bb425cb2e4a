import { createTempDatabase } from '../../../db/src/testing/tempDatabase';
import { statisticsDaysContract } from './statisticsDaysContract';

statisticsDaysContract('SQLite', async () => {
  const database = await createTempDatabase({ seed: true });
  return { database, dispose: async () => database.dispose() };
}, 400);

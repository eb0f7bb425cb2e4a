/** db/src/cluster.ts on a real SQLite file, two connections to it standing for two nodes (clusterContract.ts). */
import { join } from 'node:path';
import { openDatabase } from './database';
import { clusterContract } from './testing/clusterContract';
import { createTempDatabase } from './testing/tempDatabase';

clusterContract('SQLite', async () => {
  const a = await createTempDatabase({ seed: false });
  const b = openDatabase({ file: join(a.dir, 'test.sqlite'), migrate: false });
  return {
    a: a.db,
    b: b.db,
    async dispose() {
      b.close();
      a.dispose();
    },
  };
});

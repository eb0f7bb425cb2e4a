/** A real SQLite file in a fresh temporary directory, migrated and (optionally) seeded, for tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type SqliteDatabase } from '../database';
import { seedDemoData } from '../seed';

export interface TempDatabase extends SqliteDatabase {
  readonly dir: string;
  /** Closes the database and deletes its directory. */
  dispose(): void;
}

export async function createTempDatabase(options: { seed?: boolean } = {}): Promise<TempDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'vwindow-db-'));
  const database = openDatabase({ file: join(dir, 'test.sqlite') });
  if (options.seed ?? true) await seedDemoData(database, { passwordHash: { N: 2 ** 10 } });
  return Object.assign(database, {
    dir,
    dispose() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

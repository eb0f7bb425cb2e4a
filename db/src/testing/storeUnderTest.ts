/**
 * A store for tests written once and run on both engines (the *Contract.ts files): its drizzle
 * database (the tables through tablesOf) and how to throw it away.
 */
import type { Db } from '../database';
import { createTempDatabase } from './tempDatabase';

export interface StoreUnderTest {
  readonly db: Db;
  dispose(): Promise<void>;
}

export type OpenStore = (options: { seed: boolean }) => Promise<StoreUnderTest>;

/** A fresh SQLite file (tempDatabase.ts). */
export const openSqliteStore: OpenStore = async ({ seed }) => {
  const database = await createTempDatabase({ seed });
  return { db: database.db, dispose: async () => database.dispose() };
};

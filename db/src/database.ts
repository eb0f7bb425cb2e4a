/**
 * Opens the one SQLite file (WAL, foreign keys on) and brings its schema up to date with the
 * committed drizzle migrations.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { cacheStatements } from './statementCache';
import { guardConnection } from './transaction';

export type Db = BetterSQLite3Database<typeof schema> & { $client: BetterSqlite3.Database };

export interface DatabaseOptions {
  /** Path of the SQLite file; its directory is created when missing. ':memory:' for tests. */
  file: string;
  /** Apply pending migrations on open. Default true. */
  migrate?: boolean;
}

export interface Database {
  readonly db: Db;
  readonly sqlite: BetterSqlite3.Database;
  readonly file: string;
  /** Safe to call twice. */
  close(): void;
}

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export function openDatabase(options: DatabaseOptions): Database {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const sqlite = new BetterSqlite3(options.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  cacheStatements(sqlite);
  guardConnection(sqlite);
  const db = drizzle(sqlite, { schema, casing: 'snake_case' });
  if (options.migrate ?? true) migrate(db, { migrationsFolder });
  let closed = false;
  return {
    db,
    sqlite,
    file: options.file,
    close() {
      if (closed) return;
      closed = true;
      sqlite.close();
    },
  };
}

/** A cheap liveness probe for /api/health. */
export function databaseStatus(database: Database): { ok: boolean; journalMode: string; error?: string } {
  try {
    const mode = database.sqlite.pragma('journal_mode', { simple: true }) as string;
    database.sqlite.prepare('SELECT 1').get();
    return { ok: true, journalMode: mode };
  } catch (error) {
    return { ok: false, journalMode: 'unknown', error: (error as Error).message };
  }
}

/**
 * Opens the one SQLite file (WAL, foreign keys on) and brings its schema up to date with the
 * committed drizzle migrations.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle as drizzleMigrations } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Logger } from 'drizzle-orm/logger';
import { drizzle, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import * as schema from './schema';
import { cacheStatements } from './statementCache';
import { bindConnection, statementRunner } from './transaction';

/**
 * The store's drizzle database: asynchronous (drizzle's sqlite-proxy driver over better-sqlite3,
 * every statement through db/src/transaction.ts's runner), the query API drizzle's PostgreSQL
 * dialect has too.
 */
export type Db = SqliteRemoteDatabase<typeof schema>;

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

/** Brings the connection's schema up to the committed migrations of `folder` (synchronously). */
export function applyMigrations(sqlite: BetterSqlite3.Database, folder = migrationsFolder): void {
  migrate(drizzleMigrations(sqlite, { schema, casing: 'snake_case' }), { migrationsFolder: folder });
}

/** A drizzle database over an open connection (tests pass a logger to see the statements run). */
export function drizzleOver(sqlite: BetterSqlite3.Database, options: { logger?: Logger } = {}): Db {
  const db = drizzle(statementRunner(sqlite), { schema, casing: 'snake_case', ...(options.logger ? { logger: options.logger } : {}) });
  bindConnection(db, sqlite);
  return db;
}

export function openDatabase(options: DatabaseOptions): Database {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const sqlite = new BetterSqlite3(options.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  cacheStatements(sqlite);
  if (options.migrate ?? true) applyMigrations(sqlite);
  const db = drizzleOver(sqlite);
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

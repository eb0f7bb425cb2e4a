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

/** Which engine a store runs on: one SQLite file (the default), or PostgreSQL (VWINDOW_DATABASE_URL). */
export type StoreKind = 'sqlite' | 'postgres';

/** What /api/health tells of the store. */
export interface StoreStatus {
  kind: StoreKind;
  ok: boolean;
  error?: string;
  /** SQLite: the file and its journal mode. */
  file?: string;
  journalMode?: string;
  /** PostgreSQL: the URL with its password masked. */
  url?: string;
}

/**
 * The store the services receive, whichever engine is under it: its drizzle database (every query of
 * db/src/queries takes it, see store.ts), whether it is still open, its health, and closing it.
 */
export interface Database {
  readonly kind: StoreKind;
  readonly db: Db;
  /** False once closed (work still under way while the server shuts down checks it). */
  readonly isOpen: boolean;
  /** A cheap liveness probe (/api/health). */
  status(): Promise<StoreStatus>;
  /** Safe to call twice. */
  close(): void | Promise<void>;
}

/** The SQLite store: also its connection and file (tests, tools and the SQLite-only parts read them). */
export interface SqliteDatabase extends Database {
  readonly kind: 'sqlite';
  readonly sqlite: BetterSqlite3.Database;
  readonly file: string;
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

export function openDatabase(options: DatabaseOptions): SqliteDatabase {
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
    kind: 'sqlite',
    db,
    sqlite,
    file: options.file,
    get isOpen() {
      return sqlite.open;
    },
    async status() {
      return sqliteStatus(sqlite, options.file);
    },
    close() {
      if (closed) return;
      closed = true;
      sqlite.close();
    },
  };
}

function sqliteStatus(sqlite: BetterSqlite3.Database, file: string): StoreStatus {
  try {
    const mode = sqlite.pragma('journal_mode', { simple: true }) as string;
    sqlite.prepare('SELECT 1').get();
    return { kind: 'sqlite', ok: true, file, journalMode: mode };
  } catch (error) {
    return { kind: 'sqlite', ok: false, file, journalMode: 'unknown', error: (error as Error).message };
  }
}

/** A cheap liveness probe of either store for /api/health. */
export async function databaseStatus(database: Database): Promise<StoreStatus> {
  return await database.status();
}

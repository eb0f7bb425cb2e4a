/**
 * The store a server runs on, chosen by configuration: PostgreSQL when a database URL is given
 * (VWINDOW_DATABASE_URL, shared by every node), otherwise the one SQLite file in the data directory.
 * Both are a `Database` (database.ts): the services never ask which.
 */
import { openDatabase, type Database, type StoreStatus } from './database';
import { openPostgres, type PostgresDatabase } from './postgres';
import { asDb } from './store';

/** The PostgreSQL store as the services receive it; `postgres` is the pool and drizzle database under it. */
export interface PostgresStore extends Database {
  readonly kind: 'postgres';
  readonly postgres: PostgresDatabase;
  /** The URL with its password masked. */
  readonly url: string;
  close(): Promise<void>;
}

/** How long /api/health waits for PostgreSQL before calling it down. */
const STATUS_TIMEOUT_MS = 3_000;

export function postgresStore(postgres: PostgresDatabase): PostgresStore {
  let open = true;
  return {
    kind: 'postgres',
    db: asDb(postgres.db),
    postgres,
    url: postgres.url,
    get isOpen() {
      return open;
    },
    async status(): Promise<StoreStatus> {
      const base = { kind: 'postgres' as const, url: postgres.url };
      if (!open) return { ...base, ok: false, error: 'closed' };
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${STATUS_TIMEOUT_MS} ms`)), STATUS_TIMEOUT_MS);
        });
        await Promise.race([postgres.pool.query('SELECT 1'), timeout]);
        return { ...base, ok: true };
      } catch (error) {
        return { ...base, ok: false, error: (error as Error).message };
      } finally {
        clearTimeout(timer);
      }
    },
    close() {
      open = false;
      return postgres.close();
    },
  };
}

export interface StoreOptions {
  /** postgres://… : PostgreSQL (migrated on open under its advisory lock). Absent: SQLite. */
  databaseUrl?: string;
  /** The SQLite file when there is no database URL. */
  file: string;
  /** PostgreSQL: most pooled connections. */
  maxConnections?: number;
  /** PostgreSQL: how long a query waits for a pooled connection (PostgresOptions.connectionWaitMs). */
  connectionWaitMs?: number;
  /** Apply pending migrations on open. Default true (tools that only read pass false). */
  migrate?: boolean;
}

export async function openStore(options: StoreOptions): Promise<Database> {
  if (options.databaseUrl) return postgresStore(await openPostgres({ url: options.databaseUrl, maxConnections: options.maxConnections, connectionWaitMs: options.connectionWaitMs, migrate: options.migrate }));
  return openDatabase({ file: options.file, migrate: options.migrate });
}

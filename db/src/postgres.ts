/**
 * Opens the PostgreSQL store (VWINDOW_DATABASE_URL=postgres://…): a node-postgres pool under drizzle
 * with the PostgreSQL schema (db/src/schema-pg, the same tables and row types as the SQLite one) and
 * its committed migrations (db/migrations-pg) applied.
 *
 * ## Concurrent writers on several nodes: what the queries must do on PostgreSQL
 * SQLite serialises every write transaction of the one process (`BEGIN IMMEDIATE`), so "read the last,
 * then insert the next" is safe there. On PostgreSQL, under READ COMMITTED, two nodes would both read
 * the same last row and write the same next one. Three kinds of write matter:
 *
 * - **Guarded updates** (accept, cancel, case steps): one `UPDATE … WHERE id = $1 AND status = 'waiting'
 *   RETURNING …` is already right. The second writer blocks on the row lock, re-checks the WHERE on the
 *   row as committed by the first, finds status changed and updates nothing (postgresConcurrency.pg.test.ts:
 *   50 connections, exactly one wins). No transaction or lock needed beyond the statement.
 *
 * - **The audit chain append** (queries/auditLog.ts appendAudit): in one transaction, first
 *   `SELECT pg_advisory_xact_lock(AUDIT_CHAIN_LOCK, 0)` (lockAuditChain below), then read the last
 *   row's hash, then insert. The lock is one per chain, held until commit, so appends from every node are serialised; the SELECT after
 *   the lock takes a fresh snapshot (READ COMMITTED) and sees the previous appender's committed row; the
 *   id (identity) is drawn while the lock is held, so id order is chain order. No fork, no retry loop;
 *   its cost is one appender at a time, which the single-node SQLite store has too. Proven by
 *   postgresConcurrency.pg.test.ts (50 appenders on 50 pool connections: one chain, no two rows with the
 *   same prev_hash). SERIALIZABLE would also be correct but makes every concurrent appender but one fail
 *   and retry (a storm under load); a head row `SELECT … FOR UPDATE` would work too but needs a new table.
 *
 * - **The per-day case number** (queries/cases.ts insertNumberedCase): the same shape with one lock per
 *   jurisdiction and day: `SELECT pg_advisory_xact_lock(CASE_NUMBER_LOCK, hashtext(prefix))`
 *   (lockCaseNumberDay below) where prefix is `330482-20261122-`, then the existing range query for the
 *   highest number of that prefix, then the insert. Different jurisdictions or days do not wait for
 *   each other (a hash collision only makes two prefixes share a lock, never a number). The
 *   cases_case_number_unique constraint stays as the last guard: a bug would be a refused insert
 *   (23505), never a duplicate number. A counter row (`INSERT … ON CONFLICT (prefix) DO UPDATE SET
 *   last = last + 1 RETURNING last`) would be equally correct but needs a table in both schemas; the
 *   lock keeps the query the SQLite one plus one statement.
 *   postgresConcurrency.pg.test.ts: 50 cases of one day from 50 connections are numbered 0001…0050.
 *
 * Both locks are transaction-scoped (released by COMMIT or ROLLBACK, also when a node dies: its
 * connection ends), so a crashed node never leaves a lock behind. They need the append to run inside
 * the async transaction helper on one pooled connection (drizzle's `db.transaction(async (tx) => …)`).
 *
 * Other things the port of the queries must mind: `count(*)`, `sum()` and int8 columns read through raw
 * `sql` come back from node-postgres as strings (drizzle maps the schema's bigint columns with
 * mode 'number'; wrap aggregates in `sql<number>\`…\`.mapWith(Number)`); LIKE is case-sensitive (the
 * SQLite range queries work unchanged); timestamps are timestamptz(3), so a Date written is the Date read;
 * `.get()`, `.all()`, `.run()` and `{ behavior: 'immediate' }` are SQLite's: on PostgreSQL a query is
 * awaited and gives an array (`(await q.returning())[0]`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { DatabaseUnavailableError } from './databaseUnavailable';
import * as schema from './schema-pg';

export type PgDb = NodePgDatabase<typeof schema>;
/** A transaction of PgDb (what `db.transaction(async (tx) => …)` hands over). */
export type PgTx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

/** The pooled client a transaction checked out, and whether it was given back. */
interface Checkout {
  client?: pg.PoolClient;
  released?: boolean;
}
const transactionCheckout = new AsyncLocalStorage<Checkout>();

/** What a failed checkout becomes: the pool's own error wrapped, so that callers can tell an outage. */
function unavailable(error: Error): DatabaseUnavailableError {
  return new DatabaseUnavailableError(`no PostgreSQL connection: ${error.message}`, { cause: error });
}

/**
 * The pool of the store: as node-postgres's, except that a checkout that fails — no connection within
 * the wait (`connectionTimeoutMillis`), or none could be opened — is a DatabaseUnavailableError, and
 * that the first client a transaction checks out (pgTransaction) is noted, with whether it came back.
 * Plain queries check out through the callback form (pg-pool's `query`), transactions through the
 * promise form (drizzle).
 */
class StorePool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    if (callback) {
      super.connect((error, client, done) => callback(error ? unavailable(error) : undefined, client, done));
      return;
    }
    const checkout = transactionCheckout.getStore();
    const connected = super.connect().catch((error: Error) => {
      throw unavailable(error);
    });
    if (!checkout || checkout.client) return connected;
    return connected.then((client) => {
      checkout.client = client;
      // pg-pool gives each checkout a release of its own: this one lasts until the client comes back.
      const release = client.release;
      client.release = (error?: Error | boolean) => {
        checkout.released = true;
        release(error);
      };
      return client;
    });
  }
}

/**
 * `db.transaction(body)` that always gives its pooled client back. drizzle-orm 0.45's node-postgres
 * transaction runs BEGIN before the try/finally that releases the client (drizzle-orm#6241, open):
 * when BEGIN fails — the client's connection ended while it sat idle (a PostgreSQL restart, a
 * failover, an ended backend) — the client stays checked out for good, and a few of those leave the
 * pool empty and every request waiting. Here such a client is released with the error, which makes
 * the pool drop it. Inside a transaction (`db` a transaction already): a savepoint, as drizzle does.
 */
export async function pgTransaction<T>(db: PgDb | PgTx, body: (tx: PgTx) => Promise<T>): Promise<T> {
  if (db instanceof PgTransaction) return await db.transaction(body);
  const checkout: Checkout = {};
  try {
    return await transactionCheckout.run(checkout, () => db.transaction(body));
  } catch (error) {
    if (checkout.client && !checkout.released) checkout.client.release(error instanceof Error ? error : true);
    throw error;
  }
}

/** The advisory lock namespaces (first int4 of the two-key pg_advisory_*lock) of the writes above. */
export const AUDIT_CHAIN_LOCK = 0x76770001;
export const CASE_NUMBER_LOCK = 0x76770002;
/** Serialises audit appends on every node until the transaction ends: call first in the append's transaction. */
export async function lockAuditChain(tx: PgTx | PgDb): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}, 0)`);
}

/** Serialises the numbering of one jurisdiction's cases of one day (`prefix`: 330482-20261122-) until the transaction ends. */
export async function lockCaseNumberDay(tx: PgTx | PgDb, prefix: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${CASE_NUMBER_LOCK}, hashtext(${prefix}))`);
}

/** Held while one node seeds the demo data into an empty database (nodes started together seed it once). */
export const SEED_LOCK = 0x76770004;
export async function lockSeeding(tx: PgTx | PgDb): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK}, 0)`);
}

/** Held (session lock) while one node migrates, so nodes started together migrate one after another. */
export const MIGRATION_LOCK = 0x76770003;

export interface PostgresOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Apply pending migrations on open. Default true. */
  migrate?: boolean;
  /** Most connections the pool opens. Default 10 (node-postgres's). */
  maxConnections?: number;
  /**
   * How long a query or transaction waits for a pooled connection (all busy, or PostgreSQL not
   * answering a new one) before it fails with DatabaseUnavailableError. Default CONNECTION_WAIT_MS.
   */
  connectionWaitMs?: number;
}

/** A request waits this long for a connection at most: longer than any healthy wait, short enough to answer. */
export const CONNECTION_WAIT_MS = 10_000;

export interface PostgresDatabase {
  readonly db: PgDb;
  readonly pool: pg.Pool;
  /** The URL with its password masked, for logs and errors. */
  readonly url: string;
  /** Ends every connection of the pool; safe to call twice. */
  close(): Promise<void>;
}

export const pgMigrationsFolder = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations-pg');

/** The URL as it may be shown: the password replaced by ***. An unparsable URL is not shown at all. */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable database URL)';
  }
}

/** Applies the committed migrations on one connection holding MIGRATION_LOCK (the next node waits, then finds nothing to do). */
async function migrateLocked(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1, 0)', [MIGRATION_LOCK]);
    await migrate(drizzle(client, { schema, casing: 'snake_case' }), { migrationsFolder: pgMigrationsFolder });
    await client.query('SELECT pg_advisory_unlock($1, 0)', [MIGRATION_LOCK]);
  } catch (error) {
    failure = error as Error;
    throw error;
  } finally {
    // After a failure the connection is closed rather than pooled: that also frees the lock.
    client.release(failure);
  }
}

export async function openPostgres(options: PostgresOptions): Promise<PostgresDatabase> {
  const url = maskDatabaseUrl(options.url);
  const pool = new StorePool({ connectionString: options.url, max: options.maxConnections ?? 10, connectionTimeoutMillis: options.connectionWaitMs ?? CONNECTION_WAIT_MS });
  // An idle connection the server ends (restart, failover) is an 'error' on the pool: without a
  // listener it would crash the process; the pool drops the connection and opens another when needed.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = error instanceof DatabaseUnavailableError && error.cause instanceof Error ? error.cause : (error as Error);
    throw new Error(`Cannot connect to PostgreSQL at ${url}: ${reason.message}`, { cause: error });
  }
  const db = drizzle(pool, { schema, casing: 'snake_case' });
  if (options.migrate ?? true) {
    try {
      await migrateLocked(pool);
    } catch (error) {
      await pool.end().catch(() => {});
      throw new Error(`Migrating PostgreSQL at ${url} failed: ${(error as Error).message}`, { cause: error });
    }
  }
  let closed: Promise<void> | undefined;
  return {
    db,
    pool,
    url,
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}

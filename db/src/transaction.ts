/**
 * The one way to run several statements as one transaction: `inTransaction(db, async (tx) => …)`,
 * and the runner every statement of the SQLite store goes through (`statementRunner`).
 *
 * better-sqlite3 runs statements synchronously on one connection that every request shares, and its
 * own transaction() refuses an async function. So on SQLite:
 * - transactions of a connection are serialized through an async lock (a promise chain), each one
 *   `BEGIN IMMEDIATE` … `COMMIT` on the connection, `ROLLBACK` when the body throws;
 * - a transaction begun inside another one's body (same async context) is a SAVEPOINT within it;
 * - a statement from outside the open transaction's body (another request, a listener, a timer: any
 *   other async chain, which may run between two awaits of the body) waits until the transaction is
 *   over instead of running inside it, where it would be committed or rolled back with someone else's
 *   work. The body runs in an AsyncLocalStorage context; the runner compares contexts. A body that
 *   awaits something else than the database (a timer, a file) therefore holds other writers back:
 *   keep such waits out of transactions. A body that waits for another chain's statement deadlocks.
 *
 * On PostgreSQL (db/src/postgres.ts) a transaction is drizzle's: one pooled client for its whole body,
 * `BEGIN` … `COMMIT`, a savepoint when begun with a transaction's `tx` (through pgTransaction, which
 * gives the client back also when BEGIN fails). There every statement of the body
 * must go through `tx`: one on the outer database runs on another pooled connection, outside the
 * transaction (and waits forever for a lock the transaction holds, e.g. the audit chain's).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from './database';
import { pgTransaction } from './postgres';
import { asPgDb, isPostgres } from './store';

/** A transaction handle: the same query API as the database (queries take either). */
export type Tx = Db;

interface OpenTransaction {
  /** Savepoints opened inside it so far (for their names). */
  savepoints: number;
}

interface ConnectionState {
  /** Resolves when the last transaction queued on the connection is over. */
  tail: Promise<void>;
  /** The transaction open on the connection now, if any. */
  open: OpenTransaction | null;
  /** Runs SQL on the connection without the guard (BEGIN, COMMIT, …). */
  exec(sql: string): void;
  /** Resolves on the turn of the event loop of the last statement queued outside a transaction. */
  turn: Promise<void>;
}

const transactionContext = new AsyncLocalStorage<OpenTransaction>();
const connections = new WeakMap<BetterSqlite3.Database, ConnectionState>();

/** The connection under each drizzle database of the SQLite store (bindConnection). */
const connectionOfDb = new WeakMap<Db, BetterSqlite3.Database>();

export function bindConnection(db: Db, sqlite: BetterSqlite3.Database): void {
  connectionOfDb.set(db, sqlite);
}

/** The better-sqlite3 connection a database of the SQLite store runs on. */
export function connectionOf(db: Db): BetterSqlite3.Database {
  const sqlite = connectionOfDb.get(db);
  if (!sqlite) throw new Error('this drizzle database was not opened by openDatabase/drizzleOver (db/src/database.ts)');
  return sqlite;
}

function stateOf(sqlite: BetterSqlite3.Database): ConnectionState {
  let state = connections.get(sqlite);
  if (!state) {
    const compile = sqlite.prepare.bind(sqlite);
    state = { tail: Promise.resolve(), open: null, exec: (sql) => void compile(sql).run(), turn: Promise.resolve() };
    connections.set(sqlite, state);
  }
  return state;
}

/** Resolves on the next turn of the event loop, after its timers and I/O. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Rows as drizzle's sqlite-proxy driver takes them: arrays in column order (`get`: the one row's array, or undefined). */
type RunnerResult = { rows: unknown[] };

/**
 * Runs drizzle's statements on `sqlite` (the callback of drizzle's sqlite-proxy driver): at once
 * inside the open transaction's body or when none is open, otherwise after the transaction is over.
 */
export function statementRunner(sqlite: BetterSqlite3.Database) {
  const state = stateOf(sqlite);
  return async (sql: string, params: unknown[], method: 'run' | 'all' | 'values' | 'get'): Promise<RunnerResult> => {
    // Outside a transaction each statement runs on a turn of the event loop of its own, one after the
    // other in the order they came: a burst of requests runs statement by statement, each followed by
    // what its request does with the rows up to its next statement, with timers, sockets and media
    // signaling between them, rather than as one long chain of promise callbacks. (One setImmediate per
    // statement, not chained, let every statement queued in a turn run in the next one together: with
    // 10 list requests in flight, 10 requests' work between two timers.) Inside a transaction the
    // body's statements follow each other at once.
    if (!state.open) await (state.turn = state.turn.then(nextTurn));
    while (state.open && transactionContext.getStore() !== state.open) await state.tail;
    const statement = sqlite.prepare(sql);
    if (method === 'run' || !statement.reader) {
      statement.run(...params);
      return { rows: [] };
    }
    statement.raw(true);
    return { rows: method === 'get' ? (statement.get(...params) as unknown[]) : statement.all(...params) };
  };
}

/** Whether the caller runs inside a transaction's body. */
export function inTransactionContext(db: Db): boolean {
  if (isPostgres(db)) return (db as unknown) instanceof PgTransaction;
  const state = connections.get(connectionOf(db));
  return state?.open != null && transactionContext.getStore() === state.open;
}

/**
 * Runs `body` as one transaction: all of its statements or none. Transactions of a connection run one
 * at a time, in the order they were asked for; called inside another transaction's body, `body` runs
 * within it under a savepoint (rolled back alone when it throws).
 */
export async function inTransaction<T>(db: Db, body: (tx: Tx) => Promise<T>): Promise<T> {
  // PostgreSQL: drizzle's transaction on one pooled client (BEGIN … COMMIT, or a savepoint when `db` is a transaction already).
  if (isPostgres(db)) return pgTransaction(asPgDb(db), (tx) => body(tx as unknown as Tx));
  const sqlite = connectionOf(db);
  const state = stateOf(sqlite);
  const current = transactionContext.getStore();
  if (current && current === state.open) return savepoint(state, current, db, body);

  const previous = state.tail;
  let release!: () => void;
  state.tail = new Promise<void>((resolve) => (release = resolve));
  await previous;
  const open: OpenTransaction = { savepoints: 0 };
  try {
    state.exec('BEGIN IMMEDIATE');
    state.open = open;
    let result: T;
    try {
      result = await transactionContext.run(open, () => body(db));
    } catch (error) {
      state.open = null;
      if (sqlite.inTransaction) state.exec('ROLLBACK');
      throw error;
    }
    state.open = null;
    try {
      state.exec('COMMIT');
    } catch (error) {
      if (sqlite.inTransaction) state.exec('ROLLBACK');
      throw error;
    }
    return result;
  } finally {
    state.open = null;
    release();
  }
}

async function savepoint<T>(state: ConnectionState, open: OpenTransaction, db: Db, body: (tx: Tx) => Promise<T>): Promise<T> {
  open.savepoints += 1;
  const name = `vw_savepoint_${open.savepoints}`;
  state.exec(`SAVEPOINT ${name}`);
  try {
    const result = await body(db);
    state.exec(`RELEASE ${name}`);
    return result;
  } catch (error) {
    state.exec(`ROLLBACK TO ${name}`);
    state.exec(`RELEASE ${name}`);
    throw error;
  }
}

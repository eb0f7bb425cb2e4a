/**
 * The one way to run several statements as one transaction: `inTransaction(db, async (tx) => …)`.
 *
 * better-sqlite3 runs statements synchronously on one connection that every request shares, and its
 * own transaction() refuses an async function. So on SQLite:
 * - transactions of a connection are serialized through an async lock (a promise chain), each one
 *   `BEGIN IMMEDIATE` … `COMMIT` on the connection, `ROLLBACK` when the body throws;
 * - a transaction begun inside another one's body (same async context) is a SAVEPOINT within it;
 * - the body may await only the database. Any other wait (a timer, a file, the network) would let
 *   other requests' statements run inside the open transaction. That is checked, not hoped for: the
 *   body runs in an AsyncLocalStorage context, and a statement prepared on the connection while a
 *   transaction is open, from outside that context, throws TransactionContextError (see guardConnection,
 *   installed by openDatabase over the statement cache's prepare).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from './database';

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
}

const transactionContext = new AsyncLocalStorage<OpenTransaction>();
const connections = new WeakMap<BetterSqlite3.Database, ConnectionState>();

export class TransactionContextError extends Error {
  constructor() {
    super(
      'A statement ran on the SQLite connection while a transaction was open, from outside that transaction: ' +
        'a transaction body (inTransaction, db/src/transaction.ts) must await only the database, never a timer, file or network call.',
    );
    this.name = 'TransactionContextError';
  }
}

function stateOf(sqlite: BetterSqlite3.Database): ConnectionState {
  let state = connections.get(sqlite);
  if (!state) {
    const compile = sqlite.prepare.bind(sqlite);
    state = { tail: Promise.resolve(), open: null, exec: (sql) => void compile(sql).run() };
    connections.set(sqlite, state);
  }
  return state;
}

/**
 * Wraps the connection's prepare() so that a statement prepared while a transaction is open, from
 * outside that transaction's async context, throws TransactionContextError. Call once, after the
 * statement cache is installed.
 */
export function guardConnection(sqlite: BetterSqlite3.Database): void {
  const state = stateOf(sqlite);
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    if (state.open && transactionContext.getStore() !== state.open) throw new TransactionContextError();
    return prepare(source);
  }) as typeof sqlite.prepare;
}

/** Whether the caller runs inside a transaction's body. */
export function inTransactionContext(db: Db): boolean {
  const state = connections.get(db.$client);
  return state?.open != null && transactionContext.getStore() === state.open;
}

/**
 * Runs `body` as one transaction: all of its statements or none. Transactions of a connection run one
 * at a time, in the order they were asked for; called inside another transaction's body, `body` runs
 * within it under a savepoint (rolled back alone when it throws).
 */
export async function inTransaction<T>(db: Db, body: (tx: Tx) => Promise<T>): Promise<T> {
  const state = stateOf(db.$client);
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
      if (db.$client.inTransaction) state.exec('ROLLBACK');
      throw error;
    }
    state.open = null;
    try {
      state.exec('COMMIT');
    } catch (error) {
      if (db.$client.inTransaction) state.exec('ROLLBACK');
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

/**
 * Which database errors are the statement refused (not worth another try), and which the database out of
 * reach (answered 503), on real driver errors.
 */
import Database from 'better-sqlite3';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './databaseUnavailable';
import { isRefusedStatement } from './refusedStatement';

function sqliteError(statement: string): unknown {
  const sqlite = new Database(':memory:');
  sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  sqlite.exec(`INSERT INTO t VALUES (1, 'a')`);
  try {
    sqlite.exec(statement);
  } catch (error) {
    return error;
  } finally {
    sqlite.close();
  }
  throw new Error(`${statement} did not fail`);
}

function postgresError(code: string): pg.DatabaseError {
  const error = new pg.DatabaseError('refused', 0, 'error');
  error.code = code;
  return error;
}

describe('isRefusedStatement', () => {
  it.each([
    ['a duplicate key (SQLite)', sqliteError(`INSERT INTO t VALUES (1, 'b')`)],
    ['a NOT NULL column left empty (SQLite)', sqliteError('INSERT INTO t VALUES (2, NULL)')],
    ['a table that does not exist (SQLite)', sqliteError('SELECT * FROM missing')],
    ['a unique violation (PostgreSQL 23505)', postgresError('23505')],
    ['bad data (PostgreSQL 22P02)', postgresError('22P02')],
    ['an undefined column (PostgreSQL 42703)', postgresError('42703')],
  ])('%s is refused, also wrapped by drizzle', (_what, error) => {
    expect(isRefusedStatement(error)).toBe(true);
    expect(isRefusedStatement(new DrizzleQueryError('insert …', [], error as Error))).toBe(true);
  });

  it.each([
    ['a connection the server ended (57P01)', postgresError('57P01')],
    ['a database not taking connections (55000)', postgresError('55000')],
    ['a statement timeout (57014)', postgresError('57014')],
    ['a lost socket', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a connection ended without a code', new Error('Connection terminated unexpectedly')],
    ['a busy SQLite file', Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })],
    ['not an error at all', undefined],
  ])('%s may pass', (_what, error) => {
    expect(isRefusedStatement(error)).toBe(false);
    expect(isRefusedStatement(new DrizzleQueryError('begin', [], error as Error))).toBe(false);
  });
});

describe('isDatabaseUnavailable', () => {
  it.each([
    ['no pooled connection within the wait', new DatabaseUnavailableError('no PostgreSQL connection: timeout exceeded when trying to connect')],
    ['a connection the server ended (57P01)', postgresError('57P01')],
    ['a server starting up (57P03)', postgresError('57P03')],
    ['a connection failure (08006)', postgresError('08006')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a connection ended without a code', new Error('Connection terminated unexpectedly')],
  ])('%s is the database out of reach, also wrapped by drizzle', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(new DrizzleQueryError('select …', [], error))).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', postgresError('23505')],
    ['a statement timeout (57014)', postgresError('57014')],
    ['a busy SQLite file', Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error at all', undefined],
  ])('%s is not', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

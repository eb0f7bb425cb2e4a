/**
 * The shape of a migrated database as its engine reports it (not as drizzle declares it): tables,
 * columns (type family, nullability, default), primary keys, unique and plain indexes (key columns or
 * expressions, partial WHERE), foreign keys (with ON DELETE / ON UPDATE) and CHECK constraint names,
 * in one form for SQLite and PostgreSQL, so that the two stores' schemas can be compared as values.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { getTableColumns, getTableName, is, Table } from 'drizzle-orm';
import type pg from 'pg';
import * as sqliteSchema from '../schema';

/** What both engines can agree on: SQLite's column modes (from the schema) decide the SQLite side's family. */
export type TypeFamily = 'integer' | 'timestamp' | 'boolean' | 'text' | 'json' | 'bytes';

export interface ColumnShape {
  type: TypeFamily;
  notNull: boolean;
  /** Normalised: a literal ('x', 0, true), 'now()', 'identity' for a number the engine gives; null: none. */
  default: string | null;
}

export interface IndexShape {
  unique: boolean;
  /** Key columns in order; an expression as its normalised text. */
  keys: string[];
  where: string | null;
}

export interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  indexes: Record<string, IndexShape>;
  /** `from_column -> table(to_column) on delete X on update Y`, sorted. */
  foreignKeys: string[];
  checks: string[];
}

export type SchemaShape = Record<string, TableShape>;

/** Text of an expression without what the engines write differently: quotes, qualifiers, casts, spacing, parentheses. */
export function normaliseExpression(text: string): string {
  return text
    .replace(/[`"]/g, '')
    .replace(/::[a-z_]+/gi, '')
    .replace(/\b[a-z_]+\.(?=[a-z_])/gi, '')
    .replace(/[()\s]/g, '')
    .toLowerCase();
}

function normaliseDefault(value: string | null, type: TypeFamily): string | null {
  if (value === null) return null;
  const text = value.replace(/::[a-z]+( [a-z]+)*$/i, '').trim();
  if (/^now\(\)$|^\(?unixepoch\('subsec'\) \* 1000\)?$|^current_timestamp$/i.test(text)) return 'now()';
  if (type === 'boolean' && (text === '1' || text === '0')) return text === '1' ? 'true' : 'false';
  return text;
}

// SQLite ------------------------------------------------------------------------------------------

/** The SQLite schema's column types by table and column name (mode 'timestamp_ms', 'boolean', 'json'…). */
function sqliteColumnTypes(): Map<string, string> {
  const types = new Map<string, string>();
  for (const value of Object.values(sqliteSchema)) {
    if (!is(value, Table)) continue;
    for (const column of Object.values(getTableColumns(value))) types.set(`${getTableName(value)}.${column.name}`, column.columnType);
  }
  return types;
}

function sqliteFamily(declared: string, columnType: string | undefined): TypeFamily {
  if (columnType === 'SQLiteTimestamp') return 'timestamp';
  if (columnType === 'SQLiteBoolean') return 'boolean';
  if (columnType === 'SQLiteTextJson' || columnType === 'SQLiteBlobJson') return 'json';
  const type = declared.toLowerCase();
  if (type === 'integer') return 'integer';
  if (type === 'blob') return 'bytes';
  return 'text';
}

/** Splits `a,(b, c),d` at its top-level commas. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

/** Key list and WHERE of a CREATE INDEX statement. */
function parseCreateIndex(sql: string): { keys: string[]; where: string | null } {
  const on = sql.search(/\sON\s/i);
  const open = sql.indexOf('(', on);
  let depth = 0;
  let close = open;
  for (; close < sql.length; close++) {
    if (sql[close] === '(') depth++;
    else if (sql[close] === ')' && --depth === 0) break;
  }
  const where = /\bWHERE\b([\s\S]*)$/i.exec(sql.slice(close + 1));
  return { keys: splitTopLevel(sql.slice(open + 1, close)).map(normaliseExpression), where: where ? normaliseExpression(where[1]!) : null };
}

export function sqliteSchemaShape(sqlite: BetterSqlite3.Database): SchemaShape {
  const columnTypes = sqliteColumnTypes();
  const tables = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
    .all() as { name: string; sql: string }[];
  const shape: SchemaShape = {};
  for (const table of tables) {
    const info = sqlite.prepare(`PRAGMA table_info("${table.name}")`).all() as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
    const primaryKey = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    const columns: Record<string, ColumnShape> = {};
    for (const column of info) {
      const type = sqliteFamily(column.type, columnTypes.get(`${table.name}.${column.name}`));
      // A lone INTEGER PRIMARY KEY is the rowid: SQLite numbers it when an insert leaves it out.
      const rowid = primaryKey.length === 1 && column.pk === 1 && column.type.toLowerCase() === 'integer';
      columns[column.name] = { type, notNull: column.notnull === 1 || column.pk > 0, default: rowid ? 'identity' : normaliseDefault(column.dflt_value, type) };
    }
    const indexes: Record<string, IndexShape> = {};
    for (const index of sqlite.prepare(`PRAGMA index_list("${table.name}")`).all() as { name: string; unique: number; origin: string }[]) {
      if (index.origin === 'pk') continue;
      const statement = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(index.name) as { sql: string | null } | undefined;
      if (statement?.sql) {
        indexes[index.name] = { unique: index.unique === 1, ...parseCreateIndex(statement.sql) };
      } else {
        // An index of a UNIQUE constraint written in the table: its columns only.
        const keys = (sqlite.prepare(`PRAGMA index_info("${index.name}")`).all() as { name: string }[]).map((k) => k.name);
        indexes[index.name] = { unique: index.unique === 1, keys, where: null };
      }
    }
    const foreignKeys = (sqlite.prepare(`PRAGMA foreign_key_list("${table.name}")`).all() as { table: string; from: string; to: string; on_delete: string; on_update: string }[])
      .map((fk) => `${fk.from} -> ${fk.table}(${fk.to}) on delete ${fk.on_delete.toLowerCase()} on update ${fk.on_update.toLowerCase()}`)
      .sort();
    const checks = [...table.sql.matchAll(/CONSTRAINT\s+["`]?([\w]+)["`]?\s+CHECK/gi)].map((m) => m[1]!).sort();
    shape[table.name] = { columns, primaryKey, indexes, foreignKeys, checks };
  }
  return shape;
}

// PostgreSQL --------------------------------------------------------------------------------------

function pgFamily(dataType: string): TypeFamily {
  switch (dataType) {
    case 'integer':
    case 'bigint':
      return 'integer';
    case 'timestamp with time zone':
      return 'timestamp';
    case 'boolean':
      return 'boolean';
    case 'json':
    case 'jsonb':
      return 'json';
    case 'bytea':
      return 'bytes';
    case 'text':
      return 'text';
    default:
      return `unexpected ${dataType}` as TypeFamily;
  }
}

const FK_ACTIONS: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

export async function postgresSchemaShape(client: pg.Pool | pg.Client): Promise<SchemaShape> {
  const shape: SchemaShape = {};
  const tables = await client.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1");
  for (const { name } of tables.rows) shape[name] = { columns: {}, primaryKey: [], indexes: {}, foreignKeys: [], checks: [] };
  const columns = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string }>(
    "SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
  );
  for (const c of columns.rows) {
    const type = pgFamily(c.data_type);
    shape[c.table_name]!.columns[c.column_name] = { type, notNull: c.is_nullable === 'NO', default: c.is_identity === 'YES' ? 'identity' : normaliseDefault(c.column_default, type) };
  }
  const constraints = await client.query<{ table_name: string; contype: string; conname: string; columns: string[]; ref_table: string | null; ref_columns: string[] | null; confdeltype: string; confupdtype: string }>(`
    SELECT t.relname AS table_name, c.contype, c.conname,
      ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS columns,
      r.relname AS ref_table,
      ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS ref_columns,
      c.confdeltype, c.confupdtype
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace LEFT JOIN pg_class r ON r.oid = c.confrelid
    WHERE n.nspname = 'public' AND c.contype IN ('p', 'f', 'c')`);
  for (const c of constraints.rows) {
    const table = shape[c.table_name]!;
    if (c.contype === 'p') table.primaryKey = c.columns;
    else if (c.contype === 'c') table.checks.push(c.conname);
    else table.foreignKeys.push(`${c.columns.join(',')} -> ${c.ref_table}(${c.ref_columns!.join(',')}) on delete ${FK_ACTIONS[c.confdeltype]} on update ${FK_ACTIONS[c.confupdtype]}`);
  }
  const indexes = await client.query<{ table_name: string; name: string; unique: boolean; keys: string[]; predicate: string | null }>(`
    SELECT t.relname AS table_name, i.relname AS name, x.indisunique AS unique,
      ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnkeyatts) k ORDER BY k) AS keys,
      pg_get_expr(x.indpred, x.indrelid, true) AS predicate
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND NOT x.indisprimary`);
  for (const i of indexes.rows) {
    shape[i.table_name]!.indexes[i.name] = { unique: i.unique, keys: i.keys.map(normaliseExpression), where: i.predicate === null ? null : normaliseExpression(i.predicate) };
  }
  for (const table of Object.values(shape)) {
    table.foreignKeys.sort();
    table.checks.sort();
  }
  return shape;
}

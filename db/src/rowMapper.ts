/**
 * Rows of a prepared query mapped by a mapper made once per query, instead of drizzle's
 * `mapResultRow`, which works out again for every value of every row which kind of field it is (three
 * `is()` walks up the prototype chain) and walks its path with an iterator: a fifth of the CPU of a
 * session-list request (51 rows of ~40 values per side). The result is the same object drizzle makes:
 * each value decoded by its column (or SQL expression), placed at its path, and a joined table's nested
 * object null when the join found no row (every one of its columns null and the join nullable).
 * `rowMapper.test.ts` holds the two equal on a nested left join, and the paging contract
 * (testing/listPagingContract.ts) on the product's session list, on both stores.
 */
import { Column, getTableName, is, SQL, Subquery, type DriverValueDecoder } from 'drizzle-orm';

/** What drizzle keeps of each selected field on a prepared query. */
export interface SelectedField {
  path: string[];
  field: unknown;
}

type Row = Record<string, unknown>;

interface MappedColumn {
  index: number;
  parents: string[];
  key: string;
  decoder: DriverValueDecoder<unknown, unknown>;
  /** For a table's column nested one level (path [object, key]) in a query with joins: its table's name. */
  table: string | undefined;
}

/** An SQL expression's decoder (drizzle keeps it on the SQL object, outside its typed surface). */
type WithDecoder = { decoder: DriverValueDecoder<unknown, unknown> };

function decoderOf(field: unknown): DriverValueDecoder<unknown, unknown> {
  if (is(field, Column)) return field;
  if (is(field, SQL)) return (field as unknown as WithDecoder).decoder;
  if (is(field, Subquery)) return (field._.sql as unknown as WithDecoder).decoder;
  return ((field as SQL.Aliased).sql as unknown as WithDecoder).decoder;
}

/** A mapper of raw rows (arrays of driver values, in `fields` order) to drizzle's result objects. */
export function compileRowMapper(fields: SelectedField[], joinsNotNullableMap: Record<string, boolean> | undefined): (rows: unknown[][]) => Row[] {
  const columns: MappedColumn[] = fields.map(({ path, field }, index) => ({
    index,
    parents: path.slice(0, -1),
    key: path.at(-1)!,
    decoder: decoderOf(field),
    table: joinsNotNullableMap && path.length === 2 && is(field, Column) ? getTableName(field.table) : undefined,
  }));
  const nullable = joinsNotNullableMap !== undefined;
  const mapOne = (row: unknown[]): Row => {
    const result: Row = {};
    // Per nested object: its table's name when its first value was null (drizzle's rule: then the join
    // found no row, unless a column of another table follows), else false.
    const nullOnly: Record<string, string | false> = {};
    for (const column of columns) {
      let node = result;
      for (const parent of column.parents) node = (node[parent] ??= {}) as Row;
      const raw = row[column.index];
      const value = raw === null ? null : column.decoder.mapFromDriverValue(raw);
      node[column.key] = value;
      if (column.table !== undefined) {
        const object = column.parents[0]!;
        const seen = nullOnly[object];
        if (seen === undefined) nullOnly[object] = value === null ? column.table : false;
        else if (seen !== false && seen !== column.table) nullOnly[object] = false;
      }
    }
    if (nullable) {
      for (const object in nullOnly) {
        const table = nullOnly[object];
        if (typeof table === 'string' && !joinsNotNullableMap[table]) result[object] = null;
      }
    }
    return result;
  };
  return (rows) => rows.map(mapOne);
}

/**
 * Gives a prepared select query of either store (drizzle's SQLite proxy or node-postgres session,
 * both of which call `customResultMapper` with the raw rows when it is set) the compiled mapper.
 * A query drizzle prepared without selected fields, or with a mapper of its own, is left as it is.
 */
export function withCompiledMapper<P>(prepared: P): P {
  const query = prepared as { fields?: SelectedField[]; joinsNotNullableMap?: Record<string, boolean>; customResultMapper?: unknown };
  if (Array.isArray(query.fields) && query.customResultMapper === undefined) {
    query.customResultMapper = compileRowMapper(query.fields, query.joinsNotNullableMap);
  }
  return prepared;
}

/**
 * Compiled statements kept by SQL text. better-sqlite3 compiles a statement at every prepare(), and
 * drizzle prepares each query it runs, so the same few hundred SQL texts were compiled again on every
 * request (about a sixth of a list request's CPU at 50 k sessions). The connection keeps its most
 * recently used statements instead; SQLite recompiles one by itself after a schema change. A statement
 * handed out again is set back to rows as objects, since drizzle switches one to raw (array) rows for
 * its own mapping and never back; one still being iterated is not shared (a fresh one is compiled).
 *
 * A LIMIT or OFFSET bound as a parameter (drizzle binds every `.limit(n)` so) is compiled as a cast:
 * SQLite (3.51, built with STAT4, as better-sqlite3 bundles it) plans a bare `LIMIT ?` with the bound
 * value and so recompiles the statement each time the value is bound again, even to the same number:
 * every run of every such query was a compilation (about 0.1 ms for the sessions list's joined query,
 * a fifth of its run, and 25× the run of one that finds nothing). `LIMIT cast(? AS INTEGER)` hides the
 * value from the planner; the rows are the same.
 */
import type BetterSqlite3 from 'better-sqlite3';

const BOUND_LIMIT = /\b(limit|offset) \?(?=\s|$|\))/gi;

/** `sql` with each LIMIT ? / OFFSET ? as LIMIT cast(? AS INTEGER) / OFFSET cast(? AS INTEGER). */
export function plannedOnce(sql: string): string {
  return sql.replace(BOUND_LIMIT, (_, clause: string) => `${clause} cast(? AS INTEGER)`);
}

export function cacheStatements(sqlite: BetterSqlite3.Database, size = 500): void {
  const compile = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (source: string): BetterSqlite3.Statement => {
    const kept = cache.get(source);
    if (kept && !kept.busy) {
      // Most recently used last, so that the first is the one to drop.
      cache.delete(source);
      cache.set(source, kept);
      if (kept.reader) kept.raw(false);
      return kept;
    }
    const statement = compile(plannedOnce(source));
    if (kept) return statement;
    cache.set(source, statement);
    if (cache.size > size) cache.delete(cache.keys().next().value!);
    return statement;
  };
  sqlite.prepare = prepare as typeof sqlite.prepare;
}

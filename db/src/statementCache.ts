/**
 * Compiled statements kept by SQL text. better-sqlite3 compiles a statement at every prepare(), and
 * drizzle prepares each query it runs, so the same few hundred SQL texts were compiled again on every
 * request (about a sixth of a list request's CPU at 50 k sessions). The connection keeps its most
 * recently used statements instead; SQLite recompiles one by itself after a schema change. A statement
 * handed out again is set back to rows as objects, since drizzle switches one to raw (array) rows for
 * its own mapping and never back; one still being iterated is not shared (a fresh one is compiled).
 */
import type BetterSqlite3 from 'better-sqlite3';

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
    const statement = compile(source);
    if (kept) return statement;
    cache.set(source, statement);
    if (cache.size > size) cache.delete(cache.keys().next().value!);
    return statement;
  };
  sqlite.prepare = prepare as typeof sqlite.prepare;
}

/**
 * Whether a database error is the database refusing the statement itself — a constraint it breaks,
 * data that does not fit, a statement that does not match the schema — so that the same statement would
 * fail again. Anything else (the connection lost, a server restarting or not taking connections, a
 * lock or statement timeout, a full disk) may pass, and a writer holding accepted data tries again.
 * Looks through drizzle's DrizzleQueryError to the driver's error (`cause`).
 */
export function isRefusedStatement(error: unknown): boolean {
  for (const cause of causesOf(error)) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') {
      // better-sqlite3: SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_MISMATCH, SQLITE_ERROR (no such table, …).
      if (/^SQLITE_(CONSTRAINT|MISMATCH|RANGE|TOOBIG|ERROR$)/.test(code)) return true;
      // PostgreSQL SQLSTATE classes 22 (data exception), 23 (integrity constraint), 42 (syntax or access rule).
      if (/^(22|23|42)[0-9A-Z]{3}$/.test(code)) return true;
    }
  }
  return false;
}

/** `error` and what it wraps (`cause`), five deep at most: drizzle wraps the driver's error once. */
export function* causesOf(error: unknown): Generator<object> {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

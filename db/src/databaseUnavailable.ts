/**
 * The database out of reach, as opposed to a statement it refused: no pooled connection came within
 * the wait (every connection busy, or PostgreSQL not answering), the connection was lost or refused, or
 * the server is shutting down or starting up. A request that meets one is answered "service
 * unavailable, try again" (503) rather than as a fault of the server.
 */
import { causesOf } from './refusedStatement';

/** No connection from the pool within its wait (PostgresOptions.connectionWaitMs), or none could be opened. */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** Socket errors of a connection that could not be made or was cut. */
const LOST_CONNECTION = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Whether `error` (or what it wraps, as drizzle's DrizzleQueryError does) says the database is out of reach. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const cause of causesOf(error)) {
    if (cause instanceof DatabaseUnavailableError) return true;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (LOST_CONNECTION.has(code)) return true;
      // SQLSTATE class 08 (connection exception); 57P01–57P03: admin or crash shutdown, cannot connect now.
      if (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[123]$/.test(code)) return true;
    }
    // node-postgres's own words for a connection that ended under a query.
    if (cause instanceof Error && /^Connection terminated/.test(cause.message)) return true;
  }
  return false;
}

/**
 * Structured logging (pino). Personal data never reaches the log in full: ID numbers and secrets by the
 * redact paths; the values a failed database statement was given (drizzle puts them in the error's
 * message and `params`; PostgreSQL's `detail` repeats a conflicting value) by the error serializer,
 * which also leaves out the database client node-postgres attaches to a connection's errors.
 */
import { pino, stdSerializers, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

const MASKED = '[masked]';

/** drizzle's "Failed query: …\nparams: …" up to the stack's first frame (values may span lines). */
const QUERY_VALUES = /\nparams: [\s\S]*?(?=\n {4}at |$)/;

/** `error` as pino serializes it, with the statement's values masked, down its `cause` chain. */
function withoutStatementValues(serialized: unknown, depth = 0): unknown {
  if (typeof serialized !== 'object' || serialized === null || depth > 5) return serialized;
  const error = { ...(serialized as Record<string, unknown>) };
  for (const key of ['message', 'stack'] as const) {
    if (typeof error[key] === 'string') error[key] = error[key].replace(QUERY_VALUES, `\nparams: ${MASKED}`);
  }
  if ('params' in error) error.params = MASKED;
  // node-postgres hangs the whole client (its state, buffers, types) on a connection's errors.
  delete error.client;
  if (typeof error.detail === 'string') error.detail = MASKED;
  if ('cause' in error) error.cause = withoutStatementValues(error.cause, depth + 1);
  return error;
}

export function createLogger(level: LevelWithSilent = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'virtual-window' },
    redact: {
      paths: ['*.citizenIdNumber', '*.idNumber', '*.password', 'password', '*.token', 'headers.cookie'],
      censor: MASKED,
    },
    serializers: { err: (error: Error) => withoutStatementValues(stdSerializers.errWithCause(error)) },
  };
  return destination ? pino(options, destination) : pino(options);
}

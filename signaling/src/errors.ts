/**
 * Errors a person can act on: a stable code (protocol/errors.ts), its HTTP status, and the plain
 * sentence from the i18n layer. Thrown anywhere in the server; turned into JSON at the edge.
 */
import { isDatabaseUnavailable } from '@vwindow/db';
import { z } from 'zod';
import { errorStatus, t, type ErrorCode, type ErrorPayload } from './protocol';

// Validation messages in the UI's language.
z.config(z.locales.zhCN());

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;
  readonly fields: ErrorPayload['fields'];
  /** Set once the refusal this error stands for has its audit row (see ./audit/refusals.ts), so no edge writes a second. */
  audited = false;

  constructor(
    code: ErrorCode,
    params: Record<string, string | number> = {},
    fields?: ErrorPayload['fields'],
    message: string = t(`errors.${code}`, params),
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.fields = fields;
  }

  /** Rebuilds an error from a payload already put into words (e.g. by AuthService). */
  static fromPayload(payload: ErrorPayload): AppError {
    return new AppError(payload.code, {}, payload.fields, payload.message);
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) };
  }
}

/**
 * What a request that failed with `error` is answered: an AppError as it is; the database out of reach
 * (no pooled connection within its wait, the connection lost: a PostgreSQL restart or failover) as
 * SERVICE_UNAVAILABLE, which says to try again (pages retry a join on it); anything else as INTERNAL.
 * `unexpected` says whether the server's log should have the error in full.
 */
export function answerFor(error: unknown): { answer: AppError; unexpected: boolean } {
  if (error instanceof AppError) return { answer: error, unexpected: false };
  if (isDatabaseUnavailable(error)) return { answer: new AppError('SERVICE_UNAVAILABLE'), unexpected: false };
  return { answer: new AppError('INTERNAL'), unexpected: true };
}

/** Turns a zod failure into VALIDATION_FAILED naming each wrong field. */
export function validationError(error: z.ZodError): AppError {
  const fields = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const detail = fields.map((f) => `${f.path}：${f.message}`).join('；');
  return new AppError('VALIDATION_FAILED', { detail }, fields);
}

/** Parses `value` with `schema` or throws VALIDATION_FAILED. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

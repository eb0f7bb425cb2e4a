/**
 * Turns what a server service threw into `{ status, error }` for `fail()`. Service errors carry
 * `status`, `code` and `toPayload()` (signaling/src/errors.ts); the class itself lives in the server
 * bundle, so this checks the shape rather than `instanceof`. Anything else is rethrown.
 */
import type { ErrorPayload } from '$shared';

interface ServiceError {
  status: number;
  code: string;
  toPayload(): ErrorPayload;
}

function isServiceError(error: unknown): error is ServiceError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as ServiceError).status === 'number' &&
    typeof (error as ServiceError).code === 'string' &&
    typeof (error as ServiceError).toPayload === 'function'
  );
}

export function errorPayloadOf(error: unknown): { status: number; error: ErrorPayload } {
  if (!isServiceError(error)) throw error;
  return { status: error.status, error: error.toPayload() };
}

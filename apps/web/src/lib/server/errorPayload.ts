/**
 * Turns what a server service threw into `{ status, error }` for `fail()` or an error page. Service
 * errors carry `status`, `code`, `audited` and `toPayload()` (signaling/src/errors.ts); the class itself
 * lives in the server bundle, so this checks the shape rather than `instanceof`. Anything else is
 * rethrown. A refusal (401/403) that no service recorded gets its audit row here, as at the API's edge.
 */
import type { ErrorPayload } from '$shared';
import { recordPageRefusal } from './guard';

interface ServiceError {
  status: number;
  code: string;
  audited?: boolean;
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

/** `event` (the request's locals and url) lets an unrecorded refusal be audited. */
export async function errorPayloadOf(error: unknown, event?: { locals: App.Locals; url: URL }): Promise<{ status: number; error: ErrorPayload }> {
  if (!isServiceError(error)) throw error;
  if (event && (error.status === 401 || error.status === 403) && error.audited === false) {
    await recordPageRefusal(event.locals, event.url, event.locals.staff, error.status === 401 ? 'AUTH_REQUIRED' : 'FORBIDDEN');
    error.audited = true;
  }
  return { status: error.status, error: error.toPayload() };
}

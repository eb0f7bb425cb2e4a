/**
 * The one way a refused access reaches the audit log: whoever was refused (a staff member, or
 * "anonymous" with the client's address), what they tried (action), on what (target), and why (the
 * error code). Services call it where they refuse; the edges (HTTP, pages, WebSocket) call it for
 * the refusals they make themselves and for any refusal that arrives without its row.
 */
import { appendAudit, type Db } from '@vwindow/db';
import { AppError } from '../errors';
import type { ErrorCode, SignedInStaff } from '../protocol';

export interface Refusal {
  /** Who was refused; null for a caller who is not signed in. */
  actor: SignedInStaff | null;
  /** The client's address, when the edge knows it. */
  address?: string | null;
  /** What was refused, as `<entity>.<verb>_refused` from a service or `access.refused` from an edge. */
  action: string;
  /** What it was refused on: an entity (`case` 12) or, at the edges, a route (`page` /home, `api` GET /api/queue, `ws` session.join). */
  target: { type: string; id: string };
  reason: ErrorCode;
  detail?: Record<string, unknown>;
}

/** Writes the refusal's audit row. */
export async function recordRefusal(db: Db, refusal: Refusal): Promise<void> {
  const { actor } = refusal;
  await appendAudit(db, {
    actorId: actor?.id ?? null,
    action: refusal.action,
    entityType: refusal.target.type,
    entityId: refusal.target.id.slice(0, 300),
    before: null,
    after: {
      actor: actor ? actor.username : 'anonymous',
      ...(actor ? { role: actor.role, jurisdictionCode: actor.jurisdictionCode } : {}),
      ...(refusal.address ? { address: refusal.address } : {}),
      reason: refusal.reason,
      ...refusal.detail,
    },
  });
}

/** Records the refusal and returns its error (already marked as audited) to throw. */
export async function refused(db: Db, refusal: Refusal): Promise<AppError> {
  await recordRefusal(db, refusal);
  const error = new AppError(refusal.reason);
  error.audited = true;
  return error;
}

/** Whether `error` is a refusal (401/403) that still needs its audit row. */
export function unauditedRefusal(error: unknown): error is AppError {
  return error instanceof AppError && (error.status === 401 || error.status === 403) && !error.audited;
}

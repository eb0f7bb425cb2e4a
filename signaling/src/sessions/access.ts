/** Who may see and act on a session, and refusals that are written to the audit log. */
import type { Db, SessionRow } from '@vwindow/db';
import { refused } from '../audit/refusals';
import type { AppError } from '../errors';
import { jurisdictionCovers, type SignedInStaff, type StaffSide } from '../protocol';

/** Which side `staff` is on in `session`: its two clerks, or a supervisor over its home jurisdiction. */
export function sideOf(staff: SignedInStaff, session: SessionRow): StaffSide | null {
  if (session.localClerkId === staff.id) return 'local';
  if (session.homeClerkId === staff.id) return 'home';
  if (staff.role === 'supervisor' && jurisdictionCovers(staff.jurisdictionCode, session.homeJurisdictionCode)) return 'observer';
  return null;
}

/** Records the refusal (who, what, on which entity) and returns the FORBIDDEN error to throw. */
export async function refusal(
  db: Db,
  staff: SignedInStaff,
  action: string,
  entity: { type: string; id: string },
  detail: Record<string, unknown> = {},
): Promise<AppError> {
  return await refused(db, { actor: staff, action, target: entity, reason: 'FORBIDDEN', detail });
}

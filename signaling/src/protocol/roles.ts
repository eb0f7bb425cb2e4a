/** The staff roles (defined in ./values) and the console each one lands on after sign-in. */
import type { StaffRole } from './values';

export { staffRoles, type StaffRole } from './values';

export const consolePaths: Record<StaffRole, string> = {
  local_clerk: '/local',
  home_clerk: '/home',
  supervisor: '/supervise',
  admin: '/admin',
};

/** The staff member behind a signed-in browser, as server, database queries and pages see them. */
export interface SignedInStaff {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
  jurisdictionCode: string;
  jurisdictionName: string;
  servicePointId: number | null;
  servicePointName: string | null;
}

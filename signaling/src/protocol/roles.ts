/** The staff roles and the console each one lands on after sign-in. */
export const staffRoles = ['local_clerk', 'home_clerk', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const consolePaths: Record<StaffRole, string> = {
  local_clerk: '/local',
  home_clerk: '/home',
  supervisor: '/supervise',
  admin: '/admin',
};

/** The staff member behind a signed-in browser, as both server and pages see them. */
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

/** Where a person goes after signing in. */
import { consolePaths, type StaffRole } from '$shared/roles';

/** Pages outside the consoles that a role may also open (and so return to after signing in). */
const sharedPages: Partial<Record<StaffRole, string[]>> = {
  local_clerk: ['/cases'],
  home_clerk: ['/cases'],
  supervisor: ['/cases'],
};

/** Pages every signed-in role may open. */
const everyRolePages = ['/self-test'];

/**
 * `next` when it is a same-site path inside the role's own console or a page it shares (so that a
 * sign-in never lands on a 403 or leaves the site), otherwise the console itself.
 */
export function landingPath(role: StaffRole, next: string | null): string {
  const home = consolePaths[role];
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return home;
  let url: URL;
  try {
    url = new URL(next, 'http://same.site');
  } catch {
    return home;
  }
  if (url.origin !== 'http://same.site') return home;
  const allowed = [home, ...(sharedPages[role] ?? []), ...everyRolePages];
  const inConsole = allowed.some((prefix) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`));
  return inConsole ? url.pathname + url.search : home;
}

/** Where a person goes after signing in. */
import { consolePaths, type StaffRole } from '$shared/roles';

/**
 * `next` when it is a same-site path inside the role's own console (so that a sign-in never lands on
 * a 403 or leaves the site), otherwise the console itself.
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
  const inConsole = url.pathname === home || url.pathname.startsWith(`${home}/`);
  return inConsole ? url.pathname + url.search : home;
}

/** The one check in front of every console: signed in, and in the console's role. */
import { error, redirect } from '@sveltejs/kit';
import { t } from '$shared/i18n';
import type { SignedInStaff, StaffRole } from '$shared/roles';

/**
 * Returns the signed-in staff member when their role is `role`. Nobody signed in: redirect to the
 * sign-in page, which comes back here afterwards. Another role: 403.
 */
export function requireRole(locals: App.Locals, url: URL, role: StaffRole): SignedInStaff {
  const { staff } = locals;
  if (!staff) {
    redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (staff.role !== role) {
    error(403, { message: t('errors.FORBIDDEN'), code: 'FORBIDDEN' });
  }
  return staff;
}

/** As `requireRole`, for pages that several roles share (e.g. the case pages). */
export function requireAnyRole(locals: App.Locals, url: URL, roles: readonly StaffRole[]): SignedInStaff {
  const { staff } = locals;
  if (!staff) {
    redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (!roles.includes(staff.role)) {
    error(403, { message: t('errors.FORBIDDEN'), code: 'FORBIDDEN' });
  }
  return staff;
}

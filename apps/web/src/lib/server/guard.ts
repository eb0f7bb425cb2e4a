/**
 * The one check in front of every console and form action: signed in, and in the right role. A
 * refusal is written to the audit log through the same function the API and WebSocket use.
 */
import { error, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import type { SignedInStaff, StaffRole } from '$shared/roles';

/** Writes the audit row of a page refused to `staff` (who, which page, why). */
export async function recordPageRefusal(locals: App.Locals, url: URL, staff: SignedInStaff | null, reason: 'FORBIDDEN' | 'AUTH_REQUIRED' = 'FORBIDDEN'): Promise<void> {
  const { audit, clientAddress } = locals.context;
  await audit.refused({ actor: staff, address: clientAddress, action: 'access.refused', target: { type: 'page', id: url.pathname }, reason });
}

/**
 * Returns the signed-in staff member when their role is one of `roles`. Nobody signed in: redirect to
 * the sign-in page, which comes back here afterwards. Another role: an audited 403.
 */
export async function requireAnyRole(locals: App.Locals, url: URL, roles: readonly StaffRole[]): Promise<SignedInStaff> {
  const { staff } = locals;
  if (!staff) {
    redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (!roles.includes(staff.role)) {
    await recordPageRefusal(locals, url, staff);
    error(403, { message: t('errors.FORBIDDEN'), code: 'FORBIDDEN' });
  }
  return staff;
}

/** As `requireAnyRole`, for the consoles of one role. */
export async function requireRole(locals: App.Locals, url: URL, role: StaffRole): Promise<SignedInStaff> {
  return await requireAnyRole(locals, url, [role]);
}

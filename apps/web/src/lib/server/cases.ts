/**
 * The server side of the case pages (办件): who may open them, loading one case as the signed-in person
 * may see it, the list's query, and a decision read from a form. The case service decides (and lists);
 * this only translates between pages and it.
 */
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { caseDecisionRequest, caseListQuery, type CaseDecision, type CaseListQuery, type CasePage, type SignedInStaff, type StaffRole } from '$shared';
import { t } from '$lib/i18n';
import type { DecisionAction, DecisionValues } from '$lib/caseDecisions';
import { errorPayloadOf } from './errorPayload';

/** The roles that have cases to read: the clerks of both windows and supervisors. */
export const caseReaderRoles: readonly StaffRole[] = ['local_clerk', 'home_clerk', 'supervisor'];

/** The list's filters from the query string; empty fields count as absent, anything invalid as none. */
export function readListQuery(url: URL): { query: CaseListQuery; invalid: boolean } {
  const present = Object.fromEntries([...url.searchParams].filter(([, value]) => value.trim() !== ''));
  const parsed = caseListQuery.safeParse(present);
  return parsed.success ? { query: parsed.data, invalid: false } : { query: caseListQuery.parse({}), invalid: true };
}

const caseIdParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The case page as `staff` may see it (CaseService.page); 404 for an unknown or malformed id, 403 for someone else's. */
export async function loadCase(locals: App.Locals, url: URL, staff: SignedInStaff, idParam: string): Promise<CasePage> {
  const id = caseIdParam.safeParse(idParam);
  if (!id.success) error(404, { message: t('errors.CASE_NOT_FOUND'), code: 'CASE_NOT_FOUND' });
  try {
    return await locals.context.cases.page(staff, id.data);
  } catch (cause) {
    const { status, error: payload } = await errorPayloadOf(cause, { locals, url });
    error(status, { message: payload.message, code: payload.code });
  }
}

export type DecisionRead =
  | { ok: true; decision: CaseDecision; values: DecisionValues }
  | { ok: false; message: string; fields: Record<string, string>; values: DecisionValues };

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** The decision a form of `action` asks for, checked against the shared schema. */
export function readDecision(action: DecisionAction, form: FormData): DecisionRead {
  const values: DecisionValues = {};
  let raw: Record<string, unknown> = { action };
  if (action === 'decline') raw = { action, reason: (values.reason = text(form, 'reason')) };
  if (action === 'complete') raw = { action, result: (values.result = text(form, 'result')) };
  if (action === 'deliver') {
    values.method = text(form, 'method');
    values.trackingNumber = text(form, 'trackingNumber');
    const trackingNumber = values.trackingNumber.trim();
    raw = { action, method: values.method || undefined, ...(trackingNumber ? { trackingNumber } : {}) };
  }
  if (action === 'supplement') {
    const materials = form.getAll('material').map(String);
    const notes = form.getAll('note').map(String);
    values.items = materials.map((material, i) => ({ material, note: notes[i] ?? '' }));
    raw = { action, items: values.items.filter((item) => item.material.trim() !== '' || item.note.trim() !== '') };
  }
  const parsed = caseDecisionRequest.safeParse(raw);
  if (parsed.success) return { ok: true, decision: parsed.data, values };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const [head, , leaf] = issue.path;
    if (action === 'deliver' && (head === undefined || head === 'method')) fields.method ??= t('cases.decisions.methodRequired');
    else if (head === 'items' && leaf === 'material') fields.items ??= t('cases.decisions.materialRequired');
    else fields[String(head ?? action)] ??= issue.message;
  }
  return { ok: false, message: t('cases.decisions.checkFields'), fields, values };
}

/** 审计日志: the audit rows filtered by actor, entity and time, and the chain check in words (AuditService, as /api/admin/audit). */
import { auditQuery } from '$shared';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals, url }) => {
  const { staff } = await parent();
  const { audit } = locals.context;
  // Empty fields count as absent; an invalid filter shows everything, and says so.
  const present = Object.fromEntries([...url.searchParams].filter(([, value]) => value.trim() !== ''));
  const parsed = auditQuery.safeParse(present);
  const query = parsed.success ? parsed.data : {};
  return {
    query: { actor: query.actor ?? '', entityType: query.entityType ?? '', entityId: query.entityId ?? '', from: query.from ?? '', until: query.until ?? '' },
    invalid: !parsed.success,
    entityTypes: await audit.entityTypes(staff),
    entries: (await audit.list(staff, query)).map((entry) => ({
      ...entry,
      before: entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === null ? null : JSON.stringify(entry.after),
    })),
    chain: await audit.verify(staff),
  };
};

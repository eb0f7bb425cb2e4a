/**
 * Rows the integration tests read straight from the server's store, on SQLite and PostgreSQL alike
 * (drizzle over the store's own tables, see db/src/store.ts): no SQL of one engine in the tests.
 */
import { and, asc, count, desc, eq, gt, like } from 'drizzle-orm';
import { tablesOf, type Database, type Tables } from '@vwindow/db';

export interface AuditRowRead {
  id: number;
  action: string;
  entityType: string;
  entityId: string;
  /** The row's `after`, as the store gives it back (an object). */
  after: Record<string, unknown> | null;
}

/** Audit rows after `sinceId`, oldest first (optionally of one action). */
export async function auditRowsSince(database: Database, sinceId: number, action?: string): Promise<AuditRowRead[]> {
  const { auditLog } = tablesOf(database.db);
  const where = [gt(auditLog.id, sinceId)];
  if (action) where.push(eq(auditLog.action, action));
  const rows = await database.db
    .select({ id: auditLog.id, action: auditLog.action, entityType: auditLog.entityType, entityId: auditLog.entityId, after: auditLog.after })
    .from(auditLog)
    .where(and(...where))
    .orderBy(asc(auditLog.id));
  return rows.map((row) => ({ ...row, after: (row.after ?? null) as Record<string, unknown> | null }));
}

/** The newest audit row's id (0 when there is none). */
export async function lastAuditId(database: Database): Promise<number> {
  const { auditLog } = tablesOf(database.db);
  const [row] = await database.db.select({ id: auditLog.id }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return row?.id ?? 0;
}

/** Audit actions of one entity whose action ends in `suffix`, oldest first. */
export async function auditActionsOf(database: Database, entityType: string, entityId: string, suffix: string): Promise<string[]> {
  const { auditLog } = tablesOf(database.db);
  const rows = await database.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId), like(auditLog.action, `%${suffix}`)))
    .orderBy(asc(auditLog.id));
  return rows.map((row) => row.action);
}

/** How many rows a table has. */
export async function countRows(database: Database, table: keyof Tables & ('signatures' | 'signingDocuments' | 'caseNotices' | 'cases' | 'sessions' | 'auditLog')): Promise<number> {
  const tables = tablesOf(database.db);
  const [row] = await database.db.select({ n: count() }).from(tables[table]);
  return row?.n ?? 0;
}

/** A case's webhook delivery (its status and attempts so far). */
export async function webhookDeliveryOf(database: Database, caseId: number): Promise<{ status: string; attempts: number } | undefined> {
  const { webhookDeliveries } = tablesOf(database.db);
  const [row] = await database.db.select({ status: webhookDeliveries.status, attempts: webhookDeliveries.attempts }).from(webhookDeliveries).where(eq(webhookDeliveries.caseId, caseId));
  return row;
}

/** The follow-up a rating opened. */
export async function followUpIdOfRating(database: Database, ratingId: number): Promise<number | undefined> {
  const { followUps } = tablesOf(database.db);
  const [row] = await database.db.select({ id: followUps.id }).from(followUps).where(eq(followUps.ratingId, ratingId));
  return row?.id;
}

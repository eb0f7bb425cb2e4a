/** Jurisdiction webhooks and the queue of case events on their way to them. */
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../database';
import type { jurisdictionWebhooks, webhookDeliveries } from '../schema';
import { tablesOf } from '../store';

export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

export async function webhookOf(db: Db, jurisdictionCode: string) {
  const { jurisdictionWebhooks } = tablesOf(db);
  return (await db.select().from(jurisdictionWebhooks).where(eq(jurisdictionWebhooks.jurisdictionCode, jurisdictionCode)))[0];
}

export async function listWebhooks(db: Db) {
  const { jurisdictionWebhooks } = tablesOf(db);
  return await db.select().from(jurisdictionWebhooks).orderBy(asc(jurisdictionWebhooks.jurisdictionCode));
}

export async function setWebhook(db: Db, row: typeof jurisdictionWebhooks.$inferInsert): Promise<void> {
  const { jurisdictionWebhooks } = tablesOf(db);
  await db.insert(jurisdictionWebhooks)
    .values(row)
    .onConflictDoUpdate({ target: jurisdictionWebhooks.jurisdictionCode, set: { url: row.url, secret: row.secret, updatedAt: row.updatedAt } });
}

export async function deleteWebhook(db: Db, jurisdictionCode: string): Promise<void> {
  const { jurisdictionWebhooks } = tablesOf(db);
  await db.delete(jurisdictionWebhooks).where(eq(jurisdictionWebhooks.jurisdictionCode, jurisdictionCode));
}

export async function enqueueDelivery(db: Db, row: Omit<typeof webhookDeliveries.$inferInsert, 'id'>): Promise<void> {
  const { webhookDeliveries } = tablesOf(db);
  await db.insert(webhookDeliveries).values(row);
}

export async function dueDeliveries(db: Db, now: Date, limit = 20): Promise<WebhookDeliveryRow[]> {
  const { webhookDeliveries } = tablesOf(db);
  return await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
    .limit(limit);
}

export async function markDelivered(db: Db, id: number, at: Date): Promise<void> {
  const { webhookDeliveries } = tablesOf(db);
  await db.update(webhookDeliveries)
    .set({ status: 'delivered', deliveredAt: at, attempts: sql`${webhookDeliveries.attempts} + 1`, lastError: null })
    .where(eq(webhookDeliveries.id, id));
}

export async function markAttemptFailed(db: Db, id: number, error: string, nextAttemptAt: Date): Promise<void> {
  const { webhookDeliveries } = tablesOf(db);
  await db.update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, lastError: error.slice(0, 500), nextAttemptAt })
    .where(eq(webhookDeliveries.id, id));
}

/** Makes pending deliveries due now (all of a jurisdiction's, or one), e.g. after its webhook changed. */
export async function retryDeliveriesNow(db: Db, where: { jurisdictionCode?: string; id?: number }, now: Date): Promise<number> {
  const { webhookDeliveries } = tablesOf(db);
  const conditions = [eq(webhookDeliveries.status, 'pending')];
  if (where.jurisdictionCode) conditions.push(eq(webhookDeliveries.jurisdictionCode, where.jurisdictionCode));
  if (where.id) conditions.push(eq(webhookDeliveries.id, where.id));
  return (await db.update(webhookDeliveries).set({ nextAttemptAt: now }).where(and(...conditions)).returning({ id: webhookDeliveries.id })).length;
}

export async function deliveriesOfCase(db: Db, caseId: number): Promise<WebhookDeliveryRow[]> {
  const { webhookDeliveries } = tablesOf(db);
  return await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.caseId, caseId)).orderBy(asc(webhookDeliveries.id));
}

/** Deliveries still pending after at least one failed attempt, for the failures list. */
export async function failingDeliveries(db: Db, jurisdictionCode?: string): Promise<WebhookDeliveryRow[]> {
  const { webhookDeliveries } = tablesOf(db);
  const where = [eq(webhookDeliveries.status, 'pending'), sql`${webhookDeliveries.attempts} > 0`];
  if (jurisdictionCode) where.push(eq(webhookDeliveries.jurisdictionCode, jurisdictionCode));
  return await db.select().from(webhookDeliveries).where(and(...where)).orderBy(asc(webhookDeliveries.id));
}

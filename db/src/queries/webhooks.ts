/** Jurisdiction webhooks and the queue of case events on their way to them. */
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../database';
import { jurisdictionWebhooks, webhookDeliveries } from '../schema';

export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

export function webhookOf(db: Db, jurisdictionCode: string) {
  return db.select().from(jurisdictionWebhooks).where(eq(jurisdictionWebhooks.jurisdictionCode, jurisdictionCode)).get();
}

export function listWebhooks(db: Db) {
  return db.select().from(jurisdictionWebhooks).orderBy(asc(jurisdictionWebhooks.jurisdictionCode)).all();
}

export function setWebhook(db: Db, row: typeof jurisdictionWebhooks.$inferInsert): void {
  db.insert(jurisdictionWebhooks)
    .values(row)
    .onConflictDoUpdate({ target: jurisdictionWebhooks.jurisdictionCode, set: { url: row.url, secret: row.secret, updatedAt: row.updatedAt } })
    .run();
}

export function deleteWebhook(db: Db, jurisdictionCode: string): void {
  db.delete(jurisdictionWebhooks).where(eq(jurisdictionWebhooks.jurisdictionCode, jurisdictionCode)).run();
}

export function enqueueDelivery(db: Db, row: Omit<typeof webhookDeliveries.$inferInsert, 'id'>): void {
  db.insert(webhookDeliveries).values(row).run();
}

export function dueDeliveries(db: Db, now: Date, limit = 20): WebhookDeliveryRow[] {
  return db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
    .limit(limit)
    .all();
}

export function markDelivered(db: Db, id: number, at: Date): void {
  db.update(webhookDeliveries)
    .set({ status: 'delivered', deliveredAt: at, attempts: sql`${webhookDeliveries.attempts} + 1`, lastError: null })
    .where(eq(webhookDeliveries.id, id))
    .run();
}

export function markAttemptFailed(db: Db, id: number, error: string, nextAttemptAt: Date): void {
  db.update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, lastError: error.slice(0, 500), nextAttemptAt })
    .where(eq(webhookDeliveries.id, id))
    .run();
}

/** Makes pending deliveries due now (all of a jurisdiction's, or one), e.g. after its webhook changed. */
export function retryDeliveriesNow(db: Db, where: { jurisdictionCode?: string; id?: number }, now: Date): number {
  const conditions = [eq(webhookDeliveries.status, 'pending')];
  if (where.jurisdictionCode) conditions.push(eq(webhookDeliveries.jurisdictionCode, where.jurisdictionCode));
  if (where.id) conditions.push(eq(webhookDeliveries.id, where.id));
  return db.update(webhookDeliveries).set({ nextAttemptAt: now }).where(and(...conditions)).run().changes;
}

export function deliveriesOfCase(db: Db, caseId: number): WebhookDeliveryRow[] {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.caseId, caseId)).orderBy(asc(webhookDeliveries.id)).all();
}

/** Deliveries still pending after at least one failed attempt, for the failures list. */
export function failingDeliveries(db: Db, jurisdictionCode?: string): WebhookDeliveryRow[] {
  const where = [eq(webhookDeliveries.status, 'pending'), sql`${webhookDeliveries.attempts} > 0`];
  if (jurisdictionCode) where.push(eq(webhookDeliveries.jurisdictionCode, jurisdictionCode));
  return db.select().from(webhookDeliveries).where(and(...where)).orderBy(asc(webhookDeliveries.id)).all();
}

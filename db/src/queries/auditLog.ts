/**
 * The append-only audit log. Each row's hash covers its content and the previous row's hash, so an
 * edited or deleted row breaks the chain from that point on.
 */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database';
import { auditLog, staff } from '../schema';

export const AUDIT_GENESIS = '0'.repeat(64);

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  at?: Date;
}

type AuditRow = typeof auditLog.$inferSelect;

/** The hash a row carries: its content and the previous row's hash. */
export function auditRowHash(prevHash: string, row: Omit<AuditRow, 'id' | 'hash' | 'prevHash'>): string {
  const content = JSON.stringify([
    prevHash,
    row.at.getTime(),
    row.actorId,
    row.action,
    row.entityType,
    row.entityId,
    row.before ?? null,
    row.after ?? null,
  ]);
  return createHash('sha256').update(content).digest('hex');
}

/** Appends one row inside a transaction, so concurrent appends cannot fork the chain. */
export function appendAudit(db: Db, entry: AuditEntry): AuditRow {
  return db.transaction((tx) => {
    const last = tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get();
    const prevHash = last?.hash ?? AUDIT_GENESIS;
    const row = {
      at: entry.at ?? new Date(),
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
    };
    return tx.insert(auditLog).values({ ...row, prevHash, hash: auditRowHash(prevHash, row) }).returning().get();
  }, { behavior: 'immediate' });
}

export type AuditVerification = { ok: true; rows: number } | { ok: false; rows: number; brokenAtId: number };

/**
 * A walk along the chain, `rowsPerStep` rows at a time: each step() checks the next rows and returns the
 * verdict once the walk is over (the first row whose hash or link does not match, or the end), null
 * while it goes on. Rows appended during the walk are checked too.
 */
export function auditChainWalk(db: Db, rowsPerStep = 500): { step(): AuditVerification | null } {
  let prevHash = AUDIT_GENESIS;
  let rows = 0;
  let lastId = 0;
  return {
    step() {
      const page = db.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(rowsPerStep).all();
      for (const row of page) {
        rows += 1;
        if (row.prevHash !== prevHash || auditRowHash(prevHash, row) !== row.hash) return { ok: false, rows, brokenAtId: row.id };
        prevHash = row.hash;
        lastId = row.id;
      }
      return page.length < rowsPerStep ? { ok: true, rows } : null;
    },
  };
}

/** Walks the whole chain at once; reports the first row whose hash or link does not match. */
export function verifyAuditChain(db: Db): AuditVerification {
  const walk = auditChainWalk(db, 1000);
  for (;;) {
    const verdict = walk.step();
    if (verdict) return verdict;
  }
}

/**
 * The same walk in steps of a couple of hundred rows with a turn of the event loop between them, so that a
 * server checking a long chain keeps answering other requests meanwhile.
 */
export async function verifyAuditChainStepwise(db: Db, rowsPerStep = 250): Promise<AuditVerification> {
  const walk = auditChainWalk(db, rowsPerStep);
  for (;;) {
    const verdict = walk.step();
    if (verdict) return verdict;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export interface AuditFilter {
  /** Part of the actor's username or name; "anonymous" for rows without one. */
  actor?: string;
  entityType?: string;
  entityId?: string;
  /** From this moment (inclusive) … */
  from?: Date;
  /** … until this one (exclusive). */
  until?: Date;
}

/** Audit rows matching `filter`, newest first, with the actor's username and name. */
export function listAudit(db: Db, filter: AuditFilter, limit = 200) {
  const where: (SQL | undefined)[] = [];
  if (filter.actor === 'anonymous') where.push(sql`${auditLog.actorId} IS NULL`);
  else if (filter.actor) where.push(or(like(staff.username, `%${filter.actor}%`), like(staff.displayName, `%${filter.actor}%`)));
  if (filter.entityType) where.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) where.push(eq(auditLog.entityId, filter.entityId));
  if (filter.from) where.push(gte(auditLog.at, filter.from));
  if (filter.until) where.push(lt(auditLog.at, filter.until));
  return db
    .select({ row: auditLog, actorUsername: staff.username, actorName: staff.displayName })
    .from(auditLog)
    .leftJoin(staff, eq(staff.id, auditLog.actorId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
}

/** The entity types that occur in the log, for the filter. */
export function auditEntityTypes(db: Db): string[] {
  return db.selectDistinct({ type: auditLog.entityType }).from(auditLog).orderBy(asc(auditLog.entityType)).all().map((r) => r.type);
}

/**
 * The append-only audit log. Each row's hash covers its content and the previous row's hash, so an
 * edited or deleted row breaks the chain from that point on.
 */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, ilike, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database';
import { inTransaction, nextTurn } from '../transaction';
import type { auditLog } from '../schema';
import { lockAuditChain } from '../postgres';
import { asPgDb, isPostgres, tablesOf } from '../store';

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
export async function appendAudit(db: Db, entry: AuditEntry): Promise<AuditRow> {
  return (await appendAudits(db, [entry]))[0]!;
}

/**
 * Appends several rows, in order, in one transaction: the chain is locked and its last hash read once,
 * and the rows go in with one INSERT. A writer with a backlog (the recorders' segments) holds the
 * chain once per batch rather than once per row.
 */
export async function appendAudits(db: Db, entries: readonly AuditEntry[]): Promise<AuditRow[]> {
  const { auditLog } = tablesOf(db);
  if (entries.length === 0) return [];
  return inTransaction(db, async (tx) => {
    // PostgreSQL: appends from every node one at a time (SQLite's BEGIN IMMEDIATE does that already).
    if (isPostgres(tx)) await lockAuditChain(asPgDb(tx));
    const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    let prevHash = last?.hash ?? AUDIT_GENESIS;
    const rows = entries.map((entry) => {
      const row = {
        at: entry.at ?? new Date(),
        actorId: entry.actorId,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        before: entry.before ?? null,
        after: entry.after ?? null,
      };
      const linked = { ...row, prevHash, hash: auditRowHash(prevHash, row) };
      prevHash = linked.hash;
      return linked;
    });
    // Ids ascend in VALUES order, as the chain does; RETURNING need not keep that order.
    const inserted = await tx.insert(auditLog).values(rows).returning();
    return inserted.sort((a, b) => a.id - b.id);
  });
}

/** `fromRow`: the check began after this many rows (a checkpoint's), 0 for a full check. */
export type AuditVerification = { ok: true; rows: number; fromRow?: number } | { ok: false; rows: number; brokenAtId: number; fromRow?: number };

/** Where a walk begins: after row `id`, whose hash is `hash`, the chain's `rows`-th row. */
export interface AuditChainStart {
  id: number;
  hash: string;
  rows: number;
}

const CHAIN_START: AuditChainStart = { id: 0, hash: AUDIT_GENESIS, rows: 0 };

/**
 * A walk along the chain, `rowsPerStep` rows at a time, from `start` (the genesis by default): each
 * step() checks the next rows and returns the verdict once the walk is over (the first row whose hash or
 * link does not match, or the end), null while it goes on. Rows appended during the walk are checked too.
 */
export function auditChainWalk(db: Db, rowsPerStep = 500, start: AuditChainStart = CHAIN_START): { step(): Promise<AuditVerification | null>; readonly last: AuditChainStart } {
  const { auditLog } = tablesOf(db);
  let prevHash = start.hash;
  let rows = start.rows;
  let lastId = start.id;
  const fromRow = start.rows > 0 ? { fromRow: start.rows } : {};
  return {
    get last() {
      return { id: lastId, hash: prevHash, rows };
    },
    async step() {
      const page = await db.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(rowsPerStep);
      for (const row of page) {
        rows += 1;
        if (row.prevHash !== prevHash || auditRowHash(prevHash, row) !== row.hash) return { ok: false, rows, brokenAtId: row.id, ...fromRow };
        prevHash = row.hash;
        lastId = row.id;
      }
      return page.length < rowsPerStep ? { ok: true, rows, ...fromRow } : null;
    },
  };
}

/** Walks the whole chain at once; reports the first row whose hash or link does not match. */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  const walk = auditChainWalk(db, 1000);
  for (;;) {
    const verdict = await walk.step();
    if (verdict) return verdict;
  }
}

/** The last checkpoint (where the chain was last found intact), if any. */
export async function lastAuditCheckpoint(db: Db): Promise<AuditChainStart | undefined> {
  const { auditCheckpoints } = tablesOf(db);
  const [row] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1);
  return row ? { id: row.auditId, hash: row.hash, rows: row.rows } : undefined;
}

/**
 * Checks the chain in steps of a couple of hundred rows with a turn of the event loop between them, so
 * that a server checking a long chain keeps answering other requests meanwhile.
 * From the last checkpoint unless `full`: the checkpoint's row must still be there with the hash it had
 * (a chain rewritten up to it or beyond fails there), then every row after it is checked. A row changed
 * before the checkpoint, with the rows after it left alone, is found only by the full check. A check that
 * finds the chain intact up to a newer row than the checkpoint's leaves a new checkpoint there.
 */
export async function verifyAuditChainStepwise(db: Db, options: { rowsPerStep?: number; full?: boolean } = {}): Promise<AuditVerification> {
  const { auditCheckpoints, auditLog } = tablesOf(db);
  const checkpoint = options.full ? undefined : await lastAuditCheckpoint(db);
  if (checkpoint) {
    const [anchor] = await db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.id, checkpoint.id));
    if (anchor?.hash !== checkpoint.hash) return { ok: false, rows: checkpoint.rows, brokenAtId: checkpoint.id, fromRow: checkpoint.rows };
  }
  const walk = auditChainWalk(db, options.rowsPerStep ?? 250, checkpoint);
  for (;;) {
    const verdict = await walk.step();
    if (verdict) {
      const last = walk.last;
      if (verdict.ok && last.id > (checkpoint?.id ?? 0)) {
        await db.insert(auditCheckpoints).values({ auditId: last.id, hash: last.hash, rows: last.rows, verifiedAt: new Date() });
      }
      return verdict;
    }
    await nextTurn();
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
export async function listAudit(db: Db, filter: AuditFilter, limit = 200) {
  const { auditLog, staff } = tablesOf(db);
  const where: (SQL | undefined)[] = [];
  if (filter.actor === 'anonymous') where.push(sql`${auditLog.actorId} IS NULL`);
  else if (filter.actor) {
    // Case-insensitive for ASCII on both: SQLite's LIKE is, PostgreSQL's is not (ILIKE).
    const contains = isPostgres(db) ? ilike : like;
    where.push(or(contains(staff.username, `%${filter.actor}%`), contains(staff.displayName, `%${filter.actor}%`)));
  }
  if (filter.entityType) where.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) where.push(eq(auditLog.entityId, filter.entityId));
  if (filter.from) where.push(gte(auditLog.at, filter.from));
  if (filter.until) where.push(lt(auditLog.at, filter.until));
  return await db
    .select({ row: auditLog, actorUsername: staff.username, actorName: staff.displayName })
    .from(auditLog)
    .leftJoin(staff, eq(staff.id, auditLog.actorId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}

/** The entity types that occur in the log, for the filter. */
export async function auditEntityTypes(db: Db): Promise<string[]> {
  const { auditLog } = tablesOf(db);
  return (await db.selectDistinct({ type: auditLog.entityType }).from(auditLog).orderBy(asc(auditLog.entityType))).map((r) => r.type);
}

/**
 * Nodes and room leases (issue 20): which server processes share the store, and which one holds each
 * session's room. A node registers and heartbeats; it claims a room before creating it, renews its
 * leases every few seconds, and drops a room whose lease it no longer holds. When a node dies its
 * leases lapse after their TTL and another node claims and re-creates the rooms.
 *
 * ## The clock is the database's
 * Every instant here (heartbeat, acquired, expires, "is it lapsed?") is taken by the database in the
 * statement itself: PostgreSQL's statement_timestamp(), SQLite's unixepoch('subsec'). Callers pass
 * durations (ttl, within), never instants. So a node whose clock is off cannot take a live lease or
 * keep a lapsed one: every node judges expiry by the same clock. (With SQLite there is one node, and
 * the database's clock is that machine's.) The functions return the stored instants so a node can
 * tell how long it has left.
 *
 * ## One code path for both stores
 * Each function takes the SQLite `Db` or the PostgreSQL `PgDb` and runs the same drizzle calls on it.
 * drizzle types each dialect's builders apart, so the PostgreSQL database and tables are handed over
 * typed as the SQLite ones (`dialectOf` below). That is sound here because the two schemas give the
 * same rows (schema-pg/sameTypes.test.ts), only builder methods both dialects have are used (select /
 * from / where / orderBy, insert / values / onConflictDoUpdate / returning, update / set, delete), every
 * query is awaited (no .get/.all/.run), the one dialect-specific piece is the SQL of the clock, and every
 * function is tested on both (cluster.test.ts, cluster.pg.test.ts).
 */
import { and, asc, eq, gt, is, lte, sql, type SQL } from 'drizzle-orm';
import { PgDatabase } from 'drizzle-orm/pg-core';
import type { Db } from './database';
import type { PgDb } from './postgres';
import * as sqliteSchema from './schema';
import * as pgSchema from './schema-pg';

/** Either store's drizzle database. */
export type ClusterDb = Db | PgDb;
export type ClusterNodeRow = typeof sqliteSchema.clusterNodes.$inferSelect;
export type RoomLeaseRow = typeof sqliteSchema.roomLeases.$inferSelect;

export interface NodeAddress {
  /** Base URL browsers reach the node at (its pages and signaling WebSocket). */
  publicUrl: string;
  /** Its WebRtcServer's announced host:port. */
  mediaAddress: string;
}

/** claimRoom's answer: the lease is ours now, or another live node holds it (until when). */
export type RoomClaim = { ok: true; lease: RoomLeaseRow } | { ok: false; holder: string; expiresAt: Date };

interface Dialect {
  db: Db;
  nodes: typeof sqliteSchema.clusterNodes;
  leases: typeof sqliteSchema.roomLeases;
  /** The database's clock now, as the dialect's instant column holds it. */
  now: SQL;
  /** now + ms, likewise. */
  nowPlus(ms: number): SQL;
}

function checkMs(name: string, ms: number): number {
  if (!Number.isSafeInteger(ms) || ms <= 0) throw new RangeError(`${name} must be a positive whole number of milliseconds (got ${ms})`);
  return ms;
}

function dialectOf(db: ClusterDb): Dialect {
  if (is(db, PgDatabase)) {
    return {
      // See "One code path for both stores" above.
      db: db as unknown as Db,
      nodes: pgSchema.clusterNodes as unknown as typeof sqliteSchema.clusterNodes,
      leases: pgSchema.roomLeases as unknown as typeof sqliteSchema.roomLeases,
      now: sql`statement_timestamp()`,
      nowPlus: (ms) => sql`(statement_timestamp() + ${ms}::integer * interval '1 millisecond')`,
    };
  }
  const now = sql`CAST(unixepoch('subsec') * 1000 AS INTEGER)`;
  return { db: db as Db, nodes: sqliteSchema.clusterNodes, leases: sqliteSchema.roomLeases, now, nowPlus: (ms) => sql`(${now} + ${ms})` };
}

/** Adds the node (or restarts it: same id, new address and start) with a fresh heartbeat. */
export async function registerNode(db: ClusterDb, nodeId: string, address: NodeAddress): Promise<ClusterNodeRow> {
  const d = dialectOf(db);
  const values = { id: nodeId, publicUrl: address.publicUrl, mediaAddress: address.mediaAddress, startedAt: d.now, heartbeatAt: d.now };
  const [row] = await d.db
    .insert(d.nodes)
    .values(values)
    .onConflictDoUpdate({ target: d.nodes.id, set: { publicUrl: address.publicUrl, mediaAddress: address.mediaAddress, startedAt: d.now, heartbeatAt: d.now } })
    .returning();
  return row!;
}

/** Says the node is alive. false when it is not registered (removed: register again). */
export async function heartbeatNode(db: ClusterDb, nodeId: string): Promise<boolean> {
  const d = dialectOf(db);
  const rows = await d.db.update(d.nodes).set({ heartbeatAt: d.now }).where(eq(d.nodes.id, nodeId)).returning({ id: d.nodes.id });
  return rows.length === 1;
}

/** The nodes that heartbeat within the last `withinMs`, oldest start first. */
export async function liveNodes(db: ClusterDb, withinMs: number): Promise<ClusterNodeRow[]> {
  const d = dialectOf(db);
  const since = d.nowPlus(-checkMs('within', withinMs));
  return d.db.select().from(d.nodes).where(gt(d.nodes.heartbeatAt, since)).orderBy(asc(d.nodes.startedAt), asc(d.nodes.id));
}

/** Takes the node out (a clean shutdown): its leases go with it (ON DELETE CASCADE). */
export async function removeNode(db: ClusterDb, nodeId: string): Promise<void> {
  const d = dialectOf(db);
  await d.db.delete(d.nodes).where(eq(d.nodes.id, nodeId));
}

/**
 * Takes the room of `sessionId` for `nodeId` until now + ttl when it is free, lapsed, or already ours
 * (then only extended: acquiredAt kept). Otherwise tells who holds it. One guarded upsert: of nodes
 * claiming at once exactly one gets it (PostgreSQL: the conflicting insert waits on the row, then
 * re-checks the guard against the committed row; SQLite: writes are serialised).
 */
export async function claimRoom(db: ClusterDb, sessionId: string, nodeId: string, ttlMs: number): Promise<RoomClaim> {
  const d = dialectOf(db);
  const until = d.nowPlus(checkMs('ttl', ttlMs));
  const excluded = (column: string) => sql.raw(`excluded."${column}"`);
  // A race lost to a release (the holder is gone when we look) is claimed again; a few times at most.
  for (let attempt = 0; attempt < 3; attempt++) {
    const [lease] = await d.db
      .insert(d.leases)
      .values({ sessionId, nodeId, acquiredAt: d.now, expiresAt: until })
      .onConflictDoUpdate({
        target: d.leases.sessionId,
        set: {
          nodeId: sql`${excluded('node_id')}`,
          acquiredAt: sql`CASE WHEN ${d.leases.nodeId} = ${excluded('node_id')} THEN ${d.leases.acquiredAt} ELSE ${excluded('acquired_at')} END`,
          expiresAt: sql`${excluded('expires_at')}`,
        },
        setWhere: sql`${d.leases.nodeId} = ${excluded('node_id')} OR ${d.leases.expiresAt} <= ${d.now}`,
      })
      .returning();
    if (lease) return { ok: true, lease };
    const [holder] = await d.db.select().from(d.leases).where(eq(d.leases.sessionId, sessionId));
    if (holder) return { ok: false, holder: holder.nodeId, expiresAt: holder.expiresAt };
  }
  throw new Error(`Claiming the room of session ${sessionId} kept racing with its release`);
}

/**
 * Extends every lease the node still holds to now + ttl and returns them. A room the node runs that is
 * not among them was taken by another node after its lease lapsed: the node must close it. A lease
 * that lapsed but nobody took is still the node's and is renewed.
 */
export async function renewLeases(db: ClusterDb, nodeId: string, ttlMs: number): Promise<RoomLeaseRow[]> {
  const d = dialectOf(db);
  return d.db.update(d.leases).set({ expiresAt: d.nowPlus(checkMs('ttl', ttlMs)) }).where(eq(d.leases.nodeId, nodeId)).returning();
}

/** Gives the room up (the session ended, or the node shuts down). false when the node did not hold it. */
export async function releaseRoom(db: ClusterDb, sessionId: string, nodeId: string): Promise<boolean> {
  const d = dialectOf(db);
  const rows = await d.db
    .delete(d.leases)
    .where(and(eq(d.leases.sessionId, sessionId), eq(d.leases.nodeId, nodeId)))
    .returning({ sessionId: d.leases.sessionId });
  return rows.length === 1;
}

/** The node holding `sessionId`'s room under a lease that has not lapsed, or null. */
export async function roomHolder(db: ClusterDb, sessionId: string): Promise<RoomLeaseRow | null> {
  const d = dialectOf(db);
  const [lease] = await d.db
    .select()
    .from(d.leases)
    .where(and(eq(d.leases.sessionId, sessionId), gt(d.leases.expiresAt, d.now)));
  return lease ?? null;
}

/** Leases that lapsed (their node stopped renewing): rooms to re-create on a live node, oldest lapse first. */
export async function expiredRooms(db: ClusterDb): Promise<RoomLeaseRow[]> {
  const d = dialectOf(db);
  return d.db.select().from(d.leases).where(lte(d.leases.expiresAt, d.now)).orderBy(asc(d.leases.expiresAt), asc(d.leases.sessionId));
}

/** The rooms a node holds under a lease that has not lapsed (for /api/health and for its renewal check). */
export async function roomsOf(db: ClusterDb, nodeId: string): Promise<RoomLeaseRow[]> {
  const d = dialectOf(db);
  return d.db
    .select()
    .from(d.leases)
    .where(and(eq(d.leases.nodeId, nodeId), gt(d.leases.expiresAt, d.now)))
    .orderBy(asc(d.leases.acquiredAt), asc(d.leases.sessionId));
}

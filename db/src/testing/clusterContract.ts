/**
 * The behaviour of db/src/cluster.ts, written once and run on both stores (cluster.test.ts on a SQLite
 * file, cluster.pg.test.ts on PostgreSQL): two nodes, each on its own connection(s) to the one store.
 * Leases are judged by the database's clock, so the lapse tests wait real time (TTLs of 1–2 s).
 */
import { randomUUID } from 'node:crypto';
import { is } from 'drizzle-orm';
import { PgDatabase } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimRoom, expiredRooms, heartbeatNode, liveNodes, registerNode, releaseRoom, removeNode, renewLeases, roomHolder, roomsOf, type ClusterDb } from '../cluster';
import type { Db } from '../database';
import * as sqliteSchema from '../schema';
import * as pgSchema from '../schema-pg';

export interface TwoNodes {
  /** Node A's and node B's connections to the same store. */
  a: ClusterDb;
  b: ClusterDb;
  dispose(): Promise<void>;
}

const ROOMS = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A jurisdiction, a service point, a matter, a local clerk and `count` waiting sessions (the rooms' sessions). */
export async function insertSessions(db: ClusterDb, count: number): Promise<string[]> {
  // The same drizzle calls on either store (see cluster.ts, "One code path for both stores").
  const s = is(db, PgDatabase) ? (pgSchema as unknown as typeof sqliteSchema) : sqliteSchema;
  const d = db as Db;
  await d.insert(s.jurisdictions).values({ code: '330482', name: '平湖市', level: 'county' });
  const [point] = await d.insert(s.servicePoints).values({ jurisdictionCode: '330482', name: '平湖市民中心', side: 'both' }).returning();
  const [matter] = await d.insert(s.matters).values({ code: 'M-1', name: '事项', homeJurisdictionCode: '330482', timeLimitDays: 5 }).returning();
  const [clerk] = await d
    .insert(s.staff)
    .values({ username: 'clerk', displayName: 'Clerk', role: 'local_clerk', jurisdictionCode: '330482', servicePointId: point!.id, passwordHash: 'x' })
    .returning();
  const ids = Array.from({ length: count }, () => randomUUID());
  await d.insert(s.sessions).values(
    ids.map((id) => ({
      id,
      matterId: matter!.id,
      homeJurisdictionCode: '330482',
      localServicePointId: point!.id,
      localClerkId: clerk!.id,
      citizenName: '张三',
      citizenIdNumber: '11010519491231002X',
      citizenPhone: '13800000000',
    })),
  );
  return ids;
}

const address = (name: string) => ({ publicUrl: `https://${name}.example:8443`, mediaAddress: `203.0.113.${name === 'node-a' ? 1 : 2}:40000` });

export function clusterContract(store: string, open: () => Promise<TwoNodes>): void {
  describe(`nodes and room leases (${store})`, () => {
    let nodes: TwoNodes;
    let rooms: string[];
    let next = 0;
    /** Sessions no earlier test has touched. */
    const take = (n: number) => rooms.slice(next, (next += n));

    beforeAll(async () => {
      nodes = await open();
      rooms = await insertSessions(nodes.a, ROOMS + 20);
      await registerNode(nodes.a, 'node-a', address('node-a'));
      await registerNode(nodes.b, 'node-b', address('node-b'));
    });
    afterAll(async () => {
      await nodes?.dispose();
    });

    it('registers nodes, keeps them live while they heartbeat, and removes them', async () => {
      const c = await registerNode(nodes.a, 'node-c', address('node-c'));
      expect(c.heartbeatAt.getTime()).toBe(c.startedAt.getTime());
      expect((await liveNodes(nodes.b, 5_000)).map((n) => n.id)).toEqual(['node-a', 'node-b', 'node-c']);
      await sleep(400);
      expect(await heartbeatNode(nodes.b, 'node-c')).toBe(true);
      expect((await liveNodes(nodes.a, 300)).map((n) => n.id)).toEqual(['node-c']);
      await removeNode(nodes.a, 'node-c');
      expect(await heartbeatNode(nodes.a, 'node-c')).toBe(false);
      expect((await liveNodes(nodes.a, 5_000)).map((n) => n.id)).toEqual(['node-a', 'node-b']);
      // Registering again (a restart) refreshes the row rather than failing.
      const again = await registerNode(nodes.a, 'node-a', address('node-a'));
      expect(again.publicUrl).toBe('https://node-a.example:8443');
    });

    it('claims a free room, extends its own, and refuses a live lease of another node', async () => {
      const [room] = take(1);
      const first = await claimRoom(nodes.a, room!, 'node-a', 10_000);
      expect(first.ok).toBe(true);
      if (!first.ok) return;
      expect(first.lease.nodeId).toBe('node-a');
      // The lease runs ttl from the database's now (to the millisecond, rounding aside).
      expect(Math.abs(first.lease.expiresAt.getTime() - first.lease.acquiredAt.getTime() - 10_000)).toBeLessThanOrEqual(1);
      await sleep(20);
      const again = await claimRoom(nodes.a, room!, 'node-a', 20_000);
      expect(again.ok && again.lease.acquiredAt.getTime()).toBe(first.lease.acquiredAt.getTime());
      expect(again.ok && again.lease.expiresAt > first.lease.expiresAt).toBe(true);
      const other = await claimRoom(nodes.b, room!, 'node-b', 10_000);
      expect(other).toEqual({ ok: false, holder: 'node-a', expiresAt: again.ok ? again.lease.expiresAt : null });
      expect((await roomsOf(nodes.b, 'node-a')).map((l) => l.sessionId)).toContain(room);
      expect(await roomHolder(nodes.b, room!)).toMatchObject({ sessionId: room, nodeId: 'node-a' });
      expect(await roomHolder(nodes.b, take(1)[0]!)).toBeNull();
    });

    it(`gives each of ${ROOMS} rooms claimed by two nodes at once exactly one holder`, async () => {
      const contested = take(ROOMS);
      const [byA, byB] = await Promise.all(
        (['a', 'b'] as const).map((side) => Promise.all(contested.map((room) => claimRoom(nodes[side], room, `node-${side}`, 30_000)))),
      );
      for (const [i, room] of contested.entries()) {
        const [a, b] = [byA![i]!, byB![i]!];
        expect(Number(a.ok) + Number(b.ok), room).toBe(1);
        const winner = a.ok ? 'node-a' : 'node-b';
        expect(a.ok ? b : a).toMatchObject({ ok: false, holder: winner });
      }
      const held = [...(await roomsOf(nodes.a, 'node-a')), ...(await roomsOf(nodes.a, 'node-b'))].filter((l) => contested.includes(l.sessionId));
      expect(held).toHaveLength(ROOMS);
      expect(new Set(held.map((l) => l.sessionId)).size).toBe(ROOMS);
    });

    it('lets a lease lapse after its TTL when not renewed; the other node then takes the room', async () => {
      const mine = take(5);
      for (const room of mine) expect((await claimRoom(nodes.a, room, 'node-a', 1_000)).ok).toBe(true);
      expect((await claimRoom(nodes.b, mine[0]!, 'node-b', 1_000)).ok).toBe(false);
      await sleep(1_200);
      const lapsed = (await expiredRooms(nodes.b)).filter((l) => mine.includes(l.sessionId));
      expect(lapsed.map((l) => l.nodeId)).toEqual(Array(5).fill('node-a'));
      expect((await roomsOf(nodes.b, 'node-a')).filter((l) => mine.includes(l.sessionId))).toEqual([]);
      expect(await roomHolder(nodes.b, mine[0]!)).toBeNull();
      // Node B takes three of them; node A, coming back, renews only the two nobody took.
      for (const room of mine.slice(0, 3)) expect((await claimRoom(nodes.b, room, 'node-b', 10_000)).ok).toBe(true);
      const renewed = (await renewLeases(nodes.a, 'node-a', 10_000)).map((l) => l.sessionId);
      expect(renewed.filter((id) => mine.includes(id)).sort()).toEqual(mine.slice(3).sort());
      expect((await claimRoom(nodes.a, mine[0]!, 'node-a', 10_000))).toMatchObject({ ok: false, holder: 'node-b' });
      expect((await expiredRooms(nodes.a)).filter((l) => mine.includes(l.sessionId))).toEqual([]);
    });

    it('keeps the rooms of a node that renews, past several TTLs', async () => {
      const mine = take(5);
      for (const room of mine) expect((await claimRoom(nodes.a, room, 'node-a', 2_000)).ok).toBe(true);
      const until = performance.now() + 4_500;
      for (let round = 0; performance.now() < until; round++) {
        await sleep(250);
        const renewed = (await renewLeases(nodes.a, 'node-a', 2_000)).map((l) => l.sessionId);
        for (const room of mine) expect(renewed).toContain(room);
        expect(await claimRoom(nodes.b, mine[round % mine.length]!, 'node-b', 2_000)).toMatchObject({ ok: false, holder: 'node-a' });
      }
      expect((await roomsOf(nodes.b, 'node-a')).filter((l) => mine.includes(l.sessionId))).toHaveLength(5);
    });

    it('releases a room only for its holder', async () => {
      const [room] = take(1);
      expect((await claimRoom(nodes.a, room!, 'node-a', 10_000)).ok).toBe(true);
      expect(await releaseRoom(nodes.b, room!, 'node-b')).toBe(false);
      expect(await releaseRoom(nodes.b, room!, 'node-a')).toBe(true);
      expect(await releaseRoom(nodes.a, room!, 'node-a')).toBe(false);
      expect((await claimRoom(nodes.b, room!, 'node-b', 10_000)).ok).toBe(true);
    });
  });
}

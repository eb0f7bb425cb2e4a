/**
 * RoomPlacement on a real SQLite file with two connections standing for two nodes: claims, answers
 * naming the holder, renewals, a silent node's rooms taken over, the room lost by the node that went
 * silent, and rooms of ended sessions let go. Short TTLs (the leases are judged by the database's clock).
 */
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, roomsOf, sessions, type Database } from '@vwindow/db';
import { createTempDatabase, type TempDatabase } from '@vwindow/db/testing/tempDatabase';
import { insertSessions } from '@vwindow/db/testing/clusterContract';
import { createLogger } from '../logger';
import { RoomPlacement, signalingUrlOf } from './RoomPlacement';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TTL = 600;

describe('RoomPlacement', () => {
  let store: TempDatabase;
  let second: Database;
  let ids: string[];
  const placements: RoomPlacement[] = [];

  /** Of `wanted`, the sessions still waiting or active (as SessionService.stillOpen reads them). */
  const openAmong = async (db: Database, wanted: readonly string[]): Promise<Set<string>> => {
    const rows = await db.db.select({ id: sessions.id, status: sessions.status }).from(sessions);
    return new Set(rows.filter((row) => wanted.includes(row.id) && (row.status === 'waiting' || row.status === 'active')).map((row) => row.id));
  };

  const node = async (db: Database, nodeId: string, port: number, stillOpen = (wanted: readonly string[]) => openAmong(db, wanted)): Promise<RoomPlacement> => {
    const placement = new RoomPlacement({
      db: db.db,
      logger: createLogger('silent'),
      ttlMs: TTL,
      renewMs: 60_000, // ticks are driven by the test
      stillOpen,
    });
    await placement.start({ nodeId, address: { publicUrl: `http://127.0.0.1:${port}`, mediaAddress: `127.0.0.1:${port + 1}` } });
    placements.push(placement);
    return placement;
  };

  beforeEach(async () => {
    store = await createTempDatabase({ seed: false });
    second = openDatabase({ file: join(store.dir, 'test.sqlite'), migrate: false });
    ids = await insertSessions(store.db, 3);
  });
  afterEach(async () => {
    for (const placement of placements.splice(0)) await placement.stop();
    await second.close();
    store.dispose();
  });

  it('claims a room for one node and tells the other where it is', async () => {
    const a = await node(store, 'a', 3001);
    const b = await node(second, 'b', 3002);
    expect(await a.claim(ids[0]!)).toEqual({ here: true });
    expect(await b.claim(ids[0]!)).toEqual({ here: false, nodeId: 'a', wsUrl: 'ws://127.0.0.1:3001/ws' });
    // Claiming again is harmless for the holder.
    expect(await a.claim(ids[0]!)).toEqual({ here: true });
    expect(b.isNodeOrigin('http://127.0.0.1:3001')).toBe(true);
    expect(b.isNodeOrigin('http://127.0.0.1:3009')).toBe(false);
    const health = await b.health();
    expect(health.map((n) => [n.id, n.rooms])).toEqual([
      ['a', [ids[0]]],
      ['b', []],
    ]);
    expect(health[0]!.heartbeatAgeMs).toBeLessThan(5_000);
  });

  it('renews its leases in a tick; a silent node loses them to a live one, which makes them anew', async () => {
    const a = await node(store, 'a', 3001);
    const b = await node(second, 'b', 3002);
    await a.claim(ids[0]!);
    await a.claim(ids[1]!);
    const [before] = await roomsOf(store.db, 'a');
    await sleep(50);
    await a.tick();
    const [after] = await roomsOf(store.db, 'a');
    expect(after!.expiresAt.getTime()).toBeGreaterThan(before!.expiresAt.getTime());

    const adopted: string[] = [];
    b.on('adopted', (id) => adopted.push(id));
    a.halt();
    await b.tick();
    expect(adopted).toEqual([]); // not lapsed yet
    await sleep(TTL + 100);
    await b.tick();
    expect(adopted.sort()).toEqual([ids[0], ids[1]].sort());
    expect((await roomsOf(second.db, 'b')).map((lease) => lease.sessionId).sort()).toEqual([ids[0], ids[1]].sort());
    expect(await b.claim(ids[0]!)).toEqual({ here: true });
  });

  it('tells a node that stalled past its TTL that its room was taken', async () => {
    const a = await node(store, 'a', 3001);
    const b = await node(second, 'b', 3002);
    await a.claim(ids[0]!);
    await sleep(TTL + 100);
    expect(await b.claim(ids[0]!)).toEqual({ here: true });
    const lost: string[] = [];
    a.on('lost', (id) => lost.push(id));
    await a.tick();
    expect(lost).toEqual([ids[0]]);
    expect(await a.claim(ids[0]!)).toMatchObject({ here: false, nodeId: 'b' });
  });

  it('lets go of the rooms of sessions that ended', async () => {
    const a = await node(store, 'a', 3001);
    const b = await node(second, 'b', 3002);
    await a.claim(ids[0]!);
    await b.claim(ids[1]!);
    await store.db.update(sessions).set({ status: 'ended' }).where(eq(sessions.id, ids[0]!));
    await second.db.update(sessions).set({ status: 'cancelled' }).where(eq(sessions.id, ids[1]!));
    const ended: string[] = [];
    a.on('ended', (id) => ended.push(id));
    await a.tick();
    expect(ended).toEqual([ids[0]]);
    // b went silent: its lapsed lease of a cancelled session is deleted, not taken over.
    b.halt();
    const adopted: string[] = [];
    a.on('adopted', (id) => adopted.push(id));
    await sleep(TTL + 100);
    await a.tick();
    expect(adopted).toEqual([]);
    expect(await roomsOf(store.db, 'b')).toEqual([]);
  });

  it('keeps the room of a session claimed while a tick asks which sessions are still open', async () => {
    // The first question waits until the test lets it answer.
    let asked!: () => void;
    let answer!: () => void;
    const askedOnce = new Promise<void>((resolve) => (asked = resolve));
    const answering = new Promise<void>((resolve) => (answer = resolve));
    let questions = 0;
    const a = await node(store, 'a', 3001, async (wanted) => {
      if (questions++ === 0) {
        asked();
        await answering;
      }
      return await openAmong(store, wanted);
    });
    await a.claim(ids[0]!);
    const ended: string[] = [];
    a.on('ended', (id) => ended.push(id));
    const tick = a.tick();
    await askedOnce;
    // A local clerk's page joins a new session meanwhile: its room is made here.
    expect(await a.claim(ids[1]!)).toEqual({ here: true });
    answer();
    await tick;
    // It was not among the sessions asked about, so it is not taken for ended (it used to be).
    expect(ended).toEqual([]);
    await a.tick();
    expect(ended).toEqual([]);
    expect((await roomsOf(store.db, 'a')).map((lease) => lease.sessionId).sort()).toEqual([ids[0], ids[1]].sort());
  });

  it('takes the node out on a clean stop, and keeps it in when halted as a killed node would be', async () => {
    const a = await node(store, 'a', 3001);
    const b = await node(second, 'b', 3002);
    await a.claim(ids[0]!);
    await b.claim(ids[1]!);
    b.halt();
    await b.stop();
    await a.stop();
    // a is gone with its lease; b, halted, is listed (with its lease) until its heartbeat is older than the TTL.
    const health = await (await node(store, 'c', 3003)).health();
    expect(health.map((n) => [n.id, n.rooms])).toEqual([
      ['b', [ids[1]]],
      ['c', []],
    ]);
    expect(await roomsOf(store.db, 'a')).toEqual([]);
  });

  it('makes the rooms of the leases a restarted node (same id) still holds, and lets go of ended ones', async () => {
    const before = await node(store, 'a', 3001);
    await before.claim(ids[0]!);
    await before.claim(ids[1]!);
    before.halt(); // killed…
    await store.db.update(sessions).set({ status: 'ended' }).where(eq(sessions.id, ids[1]!));
    const again = await node(second, 'a', 3001); // …and started again at once, under the same name
    const adopted: string[] = [];
    again.on('adopted', (id) => adopted.push(id));
    await again.tick();
    expect(adopted).toEqual([ids[0]]);
    expect((await roomsOf(second.db, 'a')).map((lease) => lease.sessionId)).toEqual([ids[0]]);
    await again.tick();
    expect(adopted).toEqual([ids[0]]);
  });

  it('names a node’s signaling WebSocket from its public URL', () => {
    expect(signalingUrlOf('https://node-a.example:8443')).toBe('wss://node-a.example:8443/ws');
    expect(signalingUrlOf('http://127.0.0.1:3000/')).toBe('ws://127.0.0.1:3000/ws');
    expect(signalingUrlOf('https://gov.example/window')).toBe('wss://gov.example/window/ws');
  });
});

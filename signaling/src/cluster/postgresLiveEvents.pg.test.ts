/**
 * Live events over a real PostgreSQL (LISTEN/NOTIFY): node A and node B, each with its own pool and its
 * own listening connection on the one database, as two server processes would have.
 */
import { randomUUID } from 'node:crypto';
import { openPostgres, type PostgresDatabase } from '@vwindow/db';
import { createTestPostgres, type TestPostgres } from '@vwindow/db/testing/testPostgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LiveEvent, LiveEventOrigin } from './liveEvent';
import { startPostgresLiveEvents, type PostgresLiveEvents } from './postgresLiveEvents';

interface Node {
  store: PostgresDatabase;
  events: PostgresLiveEvents;
  seen: { event: LiveEvent; origin: LiveEventOrigin }[];
  resyncs: number;
  errors: string[];
}

let store: TestPostgres;
let a: Node;
let b: Node;
const sessionId = randomUUID();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startNode(nodeId: string, database: PostgresDatabase): Promise<Node> {
  const errors: string[] = [];
  const events = await startPostgresLiveEvents({
    nodeId,
    url: store.databaseUrl,
    pool: database.pool,
    reconnectDelayMs: { first: 50, max: 1_000 },
    onError: (error, context) => errors.push(`${context}: ${error.message}`),
  });
  const node: Node = { store: database, events, seen: [], resyncs: 0, errors };
  node.events.subscribe((event, origin) => node.seen.push({ event, origin }));
  node.events.onResync(() => (node.resyncs += 1));
  return node;
}

/** Waits (bounded) until `done` holds. */
async function until(done: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Publishes a marker from A and waits until both nodes have it: everything A sent before has arrived by then. */
async function barrier(): Promise<void> {
  const marker = { kind: 'room.placed', sessionId: randomUUID(), node: 'barrier' } as const;
  await a.events.publish(marker);
  const has = (node: Node) => node.seen.some((s) => s.event.kind === 'room.placed' && s.event.sessionId === marker.sessionId);
  await until(() => has(a) && has(b), 'the barrier event');
}

const kinds = (node: Node) => node.seen.map((s) => s.event).filter((e) => e.kind !== 'room.placed');

beforeAll(async () => {
  store = await createTestPostgres({ maxConnections: 4 });
  a = await startNode('node-a', store);
  b = await startNode('node-b', await openPostgres({ url: store.databaseUrl, migrate: false, maxConnections: 4 }));
});
afterAll(async () => {
  await a?.events.close();
  await b?.events.close();
  await b?.store.close();
  await store?.dispose();
});

describe('live events over PostgreSQL LISTEN/NOTIFY', () => {
  it('an event published on node A reaches node B and node A, each once', async () => {
    a.seen.length = b.seen.length = 0;
    await a.events.publish({ kind: 'session.updated', sessionId });
    await barrier();
    for (const node of [a, b]) {
      expect(kinds(node)).toEqual([{ kind: 'session.updated', sessionId }]);
      expect(node.seen[0]!.origin.node).toBe('node-a');
    }
  });

  it('an event published servedHere on node A reaches node B only', async () => {
    a.seen.length = b.seen.length = 0;
    await a.events.publish({ kind: 'session.updated', sessionId }, { servedHere: true });
    await a.events.publish({ kind: 'queue.changed', jurisdictionCode: '330482' });
    await barrier();
    expect(kinds(a)).toEqual([{ kind: 'queue.changed', jurisdictionCode: '330482' }]);
    expect(kinds(b)).toEqual([
      { kind: 'session.updated', sessionId },
      { kind: 'queue.changed', jurisdictionCode: '330482' },
    ]);
  });

  it('an event published in a transaction goes at its commit, and never when it rolls back', async () => {
    a.seen.length = b.seen.length = 0;
    await expect(
      a.store.db.transaction(async (tx) => {
        await a.events.publish({ kind: 'queue.changed', jurisdictionCode: '110000' }, { transaction: tx });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    let committed = false;
    await a.store.db.transaction(async (tx) => {
      await a.events.publish({ kind: 'queue.changed', jurisdictionCode: '330482' }, { transaction: tx });
      // Not before the commit: an event published from the pool meanwhile arrives, this one does not.
      await b.events.publish({ kind: 'session.updated', sessionId });
      await until(() => a.seen.length > 0 && b.seen.length > 0, 'the event outside the transaction');
      await sleep(100);
      committed = true;
    });
    expect(committed).toBe(true);
    await barrier();
    for (const node of [a, b]) {
      expect(kinds(node)).toEqual([
        { kind: 'session.updated', sessionId },
        { kind: 'queue.changed', jurisdictionCode: '330482' },
      ]);
    }
  });

  it('200 events in a burst arrive complete and in order on both nodes', async () => {
    a.seen.length = b.seen.length = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: 200 }, (_, i) => a.events.publish({ kind: 'chat.message', sessionId, messageId: i + 1 })));
    await until(() => a.seen.length >= 200 && b.seen.length >= 200, '200 events');
    const elapsed = performance.now() - started;
    await barrier();
    const expected = Array.from({ length: 200 }, (_, i) => i + 1);
    for (const node of [a, b]) {
      expect(kinds(node).map((e) => (e.kind === 'chat.message' ? e.messageId : 0))).toEqual(expected);
      const seqs = node.seen.slice(0, 200).map((s) => s.origin.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
    expect(elapsed).toBeLessThan(10_000);
  });

  it('node B reconnects after its listening backend is terminated, resyncs, and receives later events', async () => {
    a.seen.length = b.seen.length = 0;
    const { rows } = await store.pool.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'vwindow-live node-b'",
    );
    expect(rows).toHaveLength(1);
    const lostAt = performance.now();
    await store.pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    await until(() => b.resyncs === 1, 'node B to resync');
    const downFor = performance.now() - lostAt;
    expect(b.events.status).toEqual({ listening: true, reconnects: 1 });
    expect(b.errors.some((e) => e.includes('listening connection was lost'))).toBe(true);
    expect(a.resyncs).toBe(0);
    const again = await store.pool.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'vwindow-live node-b'");
    expect(again.rows).toHaveLength(1);
    expect(again.rows[0]!.pid).not.toBe(rows[0]!.pid);
    await a.events.publish({ kind: 'case.updated', sessionId, caseId: 3 });
    await barrier();
    expect(kinds(b)).toEqual([{ kind: 'case.updated', sessionId, caseId: 3 }]);
    expect(downFor).toBeLessThan(5_000);
  });

  it('node B keeps retrying, backing off, while the database refuses connections, then resyncs once back', async () => {
    a.seen.length = b.seen.length = 0;
    b.errors.length = 0;
    const resyncsBefore = b.resyncs;
    // Said from another database (PostgreSQL refuses it for the current one).
    const admin = new pg.Client({ connectionString: inject('postgres').adminUrl });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${store.name} WITH ALLOW_CONNECTIONS false`);
    try {
      await store.pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'vwindow-live node-b'");
      await until(() => b.errors.filter((e) => e.includes('reconnecting failed')).length >= 3, 'three failed reconnects');
      expect(b.events.status.listening).toBe(false);
      // Lost in the gap, for node B: it was not listening.
      await a.events.publish({ kind: 'session.updated', sessionId });
    } finally {
      await admin.query(`ALTER DATABASE ${store.name} WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await until(() => b.resyncs === resyncsBefore + 1, 'node B to resync');
    await barrier();
    expect(kinds(a)).toEqual([{ kind: 'session.updated', sessionId }]);
    expect(kinds(b)).toEqual([]);
    expect(b.events.status.listening).toBe(true);
  });
});

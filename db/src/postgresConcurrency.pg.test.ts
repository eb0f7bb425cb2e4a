/**
 * The two concurrency-sensitive write patterns on a real PostgreSQL, each from 50 connections at once
 * (as 50 writers on several nodes would be): the guarded accept, and the audit chain append under
 * lockAuditChain, and the per-day case number under lockCaseNumberDay (see the design note in postgres.ts).
 */
import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockAuditChain, lockCaseNumberDay, type PgDb } from './postgres';
import { AUDIT_GENESIS, auditRowHash } from './queries/auditLog';
import * as schema from './schema-pg';
import { createTestPostgres, type TestPostgres } from './testing/testPostgres';

const WRITERS = 50;
let store: TestPostgres;
let seeded: { sessionId: string; clerkIds: number[] };

beforeAll(async () => {
  store = await createTestPostgres({ maxConnections: WRITERS });
  seeded = await seedSession();
});
afterAll(async () => {
  await store?.dispose();
});

/** WRITERS connections of their own, each under its own drizzle, all connected before anyone writes. */
async function separateConnections(): Promise<{ clients: pg.PoolClient[]; dbs: PgDb[] }> {
  const clients = await Promise.all(Array.from({ length: WRITERS }, () => store.pool.connect()));
  const pids = await Promise.all(clients.map(async (client) => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid));
  expect(new Set(pids).size).toBe(WRITERS);
  return { clients, dbs: clients.map((client) => drizzle(client, { schema, casing: 'snake_case' })) };
}

async function seedSession(): Promise<{ sessionId: string; clerkIds: number[] }> {
  const { db } = store;
  await db.insert(schema.jurisdictions).values({ code: '330482', name: '平湖市', level: 'county' });
  const [point] = await db.insert(schema.servicePoints).values({ jurisdictionCode: '330482', name: '平湖市民中心', side: 'both' }).returning();
  const [matter] = await db.insert(schema.matters).values({ code: 'M-1', name: '事项', homeJurisdictionCode: '330482', timeLimitDays: 5 }).returning();
  const clerks = await db
    .insert(schema.staff)
    .values(
      Array.from({ length: WRITERS + 1 }, (_, i) => ({
        username: `clerk${i}`,
        displayName: `Clerk ${i}`,
        role: i === 0 ? ('local_clerk' as const) : ('home_clerk' as const),
        jurisdictionCode: '330482',
        servicePointId: point!.id,
        passwordHash: 'x',
      })),
    )
    .returning({ id: schema.staff.id });
  const [session] = await db
    .insert(schema.sessions)
    .values({
      id: 'session-1',
      matterId: matter!.id,
      homeJurisdictionCode: '330482',
      localServicePointId: point!.id,
      localClerkId: clerks[0]!.id,
      citizenName: '张三',
      citizenIdNumber: '11010519491231002X',
      citizenPhone: '13800000000',
    })
    .returning();
  expect(session!.status).toBe('waiting');
  return { sessionId: session!.id, clerkIds: clerks.slice(1).map((clerk) => clerk.id) };
}

describe('PostgreSQL under 50 concurrent writers', () => {
  it('the guarded accept: exactly one of 50 connections takes the waiting session', async () => {
    const { sessionId, clerkIds } = seeded;
    const { clients, dbs } = await separateConnections();
    let results: (typeof schema.sessions.$inferSelect | undefined)[];
    try {
      // The statement of queries/sessions.ts acceptWaitingSession. Each runs in a transaction that holds
      // its row lock 100 ms before committing, so the others surely wait on the winner's lock and then
      // re-check `status = 'waiting'` against the row it committed.
      results = await Promise.all(
        dbs.map((db, i) =>
          db.transaction(async (tx) => {
            const taken = await tx
              .update(schema.sessions)
              .set({ status: 'active', homeClerkId: clerkIds[i]!, acceptedAt: new Date() })
              .where(and(eq(schema.sessions.id, sessionId), eq(schema.sessions.status, 'waiting'), eq(schema.sessions.homeJurisdictionCode, '330482')))
              .returning();
            if (taken.length > 0) await tx.execute(sql`SELECT pg_sleep(0.1)`);
            return taken[0];
          }),
        ),
      );
    } finally {
      // Back to the pool (all 50 of its connections) before it is used again below.
      for (const client of clients) client.release();
    }
    const winners = results.flatMap((row, i) => (row ? [{ row, clerkId: clerkIds[i] }] : []));
    expect(winners).toHaveLength(1);
    const [after] = await store.db.select().from(schema.sessions).where(eq(schema.sessions.id, sessionId));
    expect(after).toMatchObject({ status: 'active', homeClerkId: winners[0]!.clerkId });
  });

  it('the audit append under lockAuditChain: 50 appenders, one chain, no fork, hashes that verify', async () => {
    const before = { zeta: 1, alpha: { b: 2, a: 1 }, list: [3, 1, 2] };
    const append = (i: number) =>
      store.db.transaction(async (tx) => {
        const [{ pid }] = (await tx.execute<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`)).rows as [{ pid: number }];
        await lockAuditChain(tx);
        const [last] = await tx.select({ hash: schema.auditLog.hash }).from(schema.auditLog).orderBy(desc(schema.auditLog.id)).limit(1);
        const prevHash = last?.hash ?? AUDIT_GENESIS;
        const row = { at: new Date(), actorId: null, action: 'test.appended', entityType: 'test', entityId: String(i), before, after: { i, name: `第${i}` } };
        const [inserted] = await tx.insert(schema.auditLog).values({ ...row, prevHash, hash: auditRowHash(prevHash, row) }).returning();
        return { ...inserted!, pid };
      });
    // Separate connections: the pool (max 50) opens one per transaction, all waiting at once.
    const appended = await Promise.all(Array.from({ length: WRITERS }, (_, i) => append(i)));
    expect(new Set(appended.map((row) => row.id)).size).toBe(WRITERS);
    expect(new Set(appended.map((row) => row.pid)).size).toBe(WRITERS);

    const chain = await store.db.select().from(schema.auditLog).orderBy(asc(schema.auditLog.id));
    expect(chain).toHaveLength(WRITERS);
    expect(new Set(chain.map((row) => row.prevHash)).size).toBe(WRITERS);
    let prevHash = AUDIT_GENESIS;
    for (const row of chain) {
      // The link, and the hash recomputed from the row as read back (json keeps the key order written).
      expect(row.prevHash).toBe(prevHash);
      expect(auditRowHash(prevHash, row)).toBe(row.hash);
      prevHash = row.hash;
    }
    expect(chain[0]!.before).toEqual(before);
    expect(JSON.stringify(chain[0]!.before)).toBe(JSON.stringify(before));
  });

  it('the case number under lockCaseNumberDay: 50 cases of one day from 50 connections are 0001…0050', async () => {
    const [session] = await store.db.select().from(schema.sessions).where(eq(schema.sessions.id, seeded.sessionId));
    const prefix = '330482-20261130-';
    // The query of queries/cases.ts insertNumberedCase, with the lock as its first statement.
    const insertNumbered = () =>
      store.db.transaction(async (tx) => {
        await lockCaseNumberDay(tx, prefix);
        const [last] = await tx
          .select({ caseNumber: schema.cases.caseNumber })
          .from(schema.cases)
          .where(and(gt(schema.cases.caseNumber, prefix), lt(schema.cases.caseNumber, `${prefix}:`)))
          .orderBy(desc(schema.cases.caseNumber))
          .limit(1);
        const next = last ? Number(last.caseNumber.slice(prefix.length)) + 1 : 1;
        const [created] = await tx
          .insert(schema.cases)
          .values({
            caseNumber: `${prefix}${String(next).padStart(4, '0')}`,
            sessionId: session!.id,
            matterId: session!.matterId,
            homeJurisdictionCode: '330482',
            createdById: session!.localClerkId,
          })
          .returning();
        return created!;
      });
    const created = await Promise.all(Array.from({ length: WRITERS }, () => insertNumbered()));
    const numbers = created.map((row) => row.caseNumber).sort();
    expect(numbers).toEqual(Array.from({ length: WRITERS }, (_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`));
  });
});

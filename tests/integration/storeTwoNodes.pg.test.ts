/**
 * The store's guarantees through the services, with two nodes on one PostgreSQL: two real servers,
 * each with its own connection pool, on a fresh (empty) database. Started together they seed it once
 * (the seeding lock); 50 concurrent accepts of one waiting session spread over both nodes leave exactly
 * one winner (the guarded update); cases received at once on both nodes get unique, consecutive
 * numbers (the per-day numbering lock); the audit chain both wrote verifies, without a fork (the audit
 * chain lock). A sign-in made on one node is good on the other (the sign-ins are in the shared store).
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, tablesOf } from '@vwindow/db';
import type { AuditChainVerdict, CaseView, SessionView } from '../../signaling/src/protocol';
import { recordingNoticePath } from '../support/recordingNotice';
import { activeSession, call, startSession, type Clerks } from '../support/sessionSteps';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';
import { createPostgresDatabase, type PostgresTestDatabase } from '../support/testPostgresDatabase';

const ACCEPTS = 50;
const CASES = 20;

describe('two nodes on one PostgreSQL: the store keeps its guarantees', () => {
  let database: PostgresTestDatabase;
  let nodes: [TestServer, TestServer];
  let local: string;
  let homes: [string, string];
  let matterId: number;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const node = () => startTestServer({ VWINDOW_DATABASE_URL: database.url, VWINDOW_WORKERS: '1' });
    nodes = await Promise.all([node(), node()]);
    const [a, b] = nodes;
    // Signed in on one node, used on both.
    local = await signInCookie(a, 'lianshui.local');
    homes = [await signInCookie(b, 'pinghu.home'), await signInCookie(a, 'pinghu.home2')];
    const { matters } = tablesOf(a.services.database.db);
    matterId = (await a.services.database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!.id;
  });
  afterAll(async () => {
    for (const server of nodes ?? []) await server?.dispose();
    await database?.drop();
  });

  it('seeds the empty database once when both nodes start at the same time', async () => {
    const { db } = nodes[0].services.database;
    const { staff, jurisdictions } = tablesOf(db);
    expect((await db.select({ n: count() }).from(staff))[0]!.n).toBe(demoAccounts.length);
    const usernames = (await db.select({ username: staff.username }).from(staff)).map((row) => row.username);
    expect(new Set(usernames).size).toBe(usernames.length);
    expect((await db.select({ n: count() }).from(jurisdictions))[0]!.n).toBeGreaterThan(0);
  });

  it(`lets exactly one of ${ACCEPTS} accepts of one waiting session, spread over both nodes, take it`, async () => {
    for (let round = 0; round < 3; round++) {
      const { id } = await startSession(nodes[round % 2]!.url, local, matterId);
      expect((await call(nodes[0].url, local, 'POST', recordingNoticePath(id).replace(/^\/api/, ''))).status).toBe(201);
      const answers = await Promise.all(Array.from({ length: ACCEPTS }, (_, i) => call(nodes[i % 2]!.url, homes[Math.floor(i / 2) % 2]!, 'POST', `/sessions/${id}/accept`)));
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 409 && (answer.body as { error: { code: string } }).error.code === 'SESSION_ALREADY_TAKEN')).toHaveLength(ACCEPTS - 1);
      const { sessions } = tablesOf(nodes[1].services.database.db);
      const [row] = await nodes[1].services.database.db.select().from(sessions).where(eq(sessions.id, id));
      expect(row).toMatchObject({ status: 'active' });
      expect((await call(nodes[1].url, local, 'POST', `/sessions/${id}/end`)).status).toBe(200);
    }
  });

  it(`numbers ${CASES} cases received at once on both nodes uniquely and consecutively, and the audit chain verifies`, async () => {
    const ready: SessionView[] = [];
    for (let i = 0; i < CASES; i++) {
      const clerks: Clerks = { url: nodes[i % 2]!.url, local, home: homes[0] };
      ready.push(await activeSession(clerks, matterId, { verified: true }));
    }
    const created = await Promise.all(
      ready.map((session, i) => call<{ case: CaseView }>(nodes[i % 2]!.url, homes[0], 'POST', `/sessions/${session.id}/case`, { confirmGaps: true })),
    );
    expect(created.map((answer) => answer.status)).toEqual(Array(CASES).fill(201));
    const numbers = created.map((answer) => answer.body.case.caseNumber);
    expect(new Set(numbers).size).toBe(CASES);
    const sequence = numbers.map((number) => Number(number.slice(-4))).sort((x, y) => x - y);
    expect(sequence).toEqual(Array.from({ length: CASES }, (_, i) => sequence[0]! + i));

    // Both nodes appended to one chain: every row links to the one before, no two rows to the same one.
    const admin = await signInCookie(nodes[1], 'admin');
    for (const node of nodes) {
      const verdict = await call<{ audit: AuditChainVerdict }>(node.url, admin, 'GET', '/audit/verify?full=1');
      expect(verdict.body.audit).toMatchObject({ ok: true });
    }
    const { db } = nodes[0].services.database;
    const { auditLog } = tablesOf(db);
    const links = (await db.select({ prevHash: auditLog.prevHash }).from(auditLog)).map((row) => row.prevHash);
    expect(new Set(links).size).toBe(links.length);
  });
});

/**
 * The public status lookup (办件进度查询) against the real server, on both of its paths (the API and the
 * page's form): wrong guesses are throttled per address, API and page together, and someone else's
 * guesses never keep the citizen from their own answer.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, matters } from '../support/tables';
import type { CaseView } from '../../signaling/src/protocol';
import { requestFrom } from '../support/fromAddress';
import { activeSession, call, citizenId } from '../support/sessionSteps';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';

describe('public status lookup', () => {
  let server: TestServer;
  let caseNumber: string;
  const last4 = citizenId().slice(-4);

  beforeAll(async () => {
    server = await startTestServer();
    const [local, home] = await Promise.all([signInCookie(server, 'lianshui.local'), signInCookie(server, 'pinghu.home')]);
    const matter = (await server.services.database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!;
    const session = await activeSession({ url: server.url, local, home }, matter.id, { verified: true });
    caseNumber = (await call<{ case: CaseView }>(server.url, home, 'POST', `/sessions/${session.id}/case`, { confirmGaps: true })).body.case.caseNumber;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const api = (from: string, idLast4: string) => requestFrom(from, `${server.url}/api/public/case-status?number=${caseNumber}&idLast4=${idLast4}`);
  const page = (from: string, idLast4: string) =>
    requestFrom(from, `${server.url}/status?/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: server.url },
      body: `number=${caseNumber}&idLast4=${idLast4}`,
    });

  it('throttles wrong guesses per address on the API and the page together', async () => {
    const guesses = ['0000', '0001', '0002', '0003', '0004', '0005', '0006', '0007', '0008', '0009'];
    const statuses: number[] = [];
    for (const [i, guess] of guesses.entries()) statuses.push((await (i % 2 ? page : api)('127.0.0.2', guess)).status);
    expect(statuses).toEqual(Array(10).fill(404));
    // Ten wrong guesses used up: the address waits, on both paths, whatever it asks.
    const apiBlocked = await api('127.0.0.2', last4);
    expect(apiBlocked.status).toBe(429);
    expect(apiBlocked.json()).toEqual({ error: { code: 'TOO_MANY_ATTEMPTS', message: '查询次数过多，请 10 分钟后再试。' } });
    const pageBlocked = await page('127.0.0.2', '0010');
    expect(pageBlocked.status).toBe(429);
    expect(pageBlocked.text).toContain('查询次数过多');
    const audited = await server.services.database.db.select().from(auditLog).where(eq(auditLog.action, 'case_status.blocked'));
    expect(audited.map((row) => row.entityId)).toEqual(['127.0.0.2']);
  });

  it("never lets others' wrong guesses block the right answer", async () => {
    for (let i = 0; i < 15; i++) await api('127.0.0.3', String(1000 + i));
    const own = await api('127.0.0.4', last4);
    expect(own.status).toBe(200);
    expect(own.json()).toMatchObject({ status: { caseNumber, statusName: '已收件' } });
    const ownPage = await page('127.0.0.4', last4);
    expect(ownPage.status).toBe(200);
    expect(ownPage.text).toContain('已收件');
  });
});

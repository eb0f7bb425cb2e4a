/**
 * Cases against the real server: identity gate, unique numbers under concurrency, working-day due
 * dates, the lifecycle, authorization, the export package, the public status, webhooks that are
 * retried until 2xx (also across a restart), and the audit chain.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, matters } from '../support/tables';
import { signatureOf } from '../../signaling/src/cases/WebhookDispatcher';
import type { CaseView, Page, PublicCaseStatus, SessionCaseResponse } from '../../signaling/src/protocol';
import { activeSession, call, citizenId, type Clerks } from '../support/sessionSteps';
import { auditActionsOf, webhookDeliveryOf } from '../support/storeRows';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';

type CaseBody = { case: CaseView; error: { code: string; message: string } };

/** An independent count of working days: Mon–Fri unless listed as holidays. */
function expectedDue(from: Date, days: number, holidays: Set<string>): string {
  let t = Date.parse(`${new Date(from.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)}T00:00:00Z`);
  while (days > 0) {
    t += 86_400_000;
    const d = new Date(t);
    const iso = d.toISOString().slice(0, 10);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !holidays.has(iso)) days--;
  }
  return new Date(t).toISOString().slice(0, 10);
}

describe('cases', () => {
  let server: TestServer;
  let clerks: Clerks;
  let otherHome: string;
  let admin: string;
  let matterId: number;
  let timeLimitDays: number;

  beforeAll(async () => {
    server = await startTestServer({ VWINDOW_WEBHOOK_ALLOW_HTTP: '1', VWINDOW_WEBHOOK_ALLOWLIST: '127.0.0.1' });
    const [local, home] = await Promise.all([signInCookie(server, 'lianshui.local'), signInCookie(server, 'pinghu.home')]);
    [otherHome, admin] = await Promise.all([signInCookie(server, 'huaibei.home'), signInCookie(server, 'admin')]);
    clerks = { url: server.url, local, home };
    const matter = (await server.services.database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!;
    matterId = matter.id;
    timeLimitDays = matter.timeLimitDays;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('refuses to receive a case before the identity is verified, then numbers it', async () => {
    const session = await activeSession(clerks, matterId, { capture: true });
    // Before a case exists the session's case is an answer, null, not a 404 (the call page asks).
    for (const cookie of [clerks.home, clerks.local]) {
      expect(await call<SessionCaseResponse>(server.url, cookie, 'GET', `/sessions/${session.id}/case`)).toMatchObject({ status: 200, body: { case: null } });
    }
    expect((await call<CaseBody>(server.url, otherHome, 'GET', `/sessions/${session.id}/case`)).status).toBe(403);
    const early = await call<CaseBody>(server.url, clerks.home, 'POST', `/sessions/${session.id}/case`, { confirmGaps: true });
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'IDENTITY_NOT_VERIFIED', message: '尚未记录“身份核验通过”，不能受理办件。' } } });
    await call(server.url, clerks.home, 'POST', `/sessions/${session.id}/identity`, { verdict: 'verified' });
    const created = await call<CaseBody>(server.url, clerks.home, 'POST', `/sessions/${session.id}/case`, { confirmGaps: true });
    expect(created.status).toBe(201);
    expect(created.body.case.caseNumber).toMatch(/^330482-\d{8}-\d{4}$/);
    expect(created.body.case).toMatchObject({ status: 'received', captureIds: [expect.any(String)], citizen: { name: '陈**' } });
    expect((await call<CaseBody>(server.url, clerks.home, 'POST', `/sessions/${session.id}/case`, { confirmGaps: true })).body.error.code).toBe('CASE_EXISTS');
    const read = await call<SessionCaseResponse>(server.url, clerks.local, 'GET', `/sessions/${session.id}/case`);
    expect(read).toMatchObject({ status: 200, body: { case: { id: created.body.case.id, caseNumber: created.body.case.caseNumber } } });
  });

  it('keeps case numbers unique under 50 concurrent creations', async () => {
    const sessions = [];
    for (let i = 0; i < 50; i++) sessions.push(await activeSession(clerks, matterId, { verified: true }));
    const created = await Promise.all(sessions.map((s) => call<CaseBody>(server.url, clerks.home, 'POST', `/sessions/${s.id}/case`, { confirmGaps: true })));
    expect(created.every((r) => r.status === 201)).toBe(true);
    const numbers = created.map((r) => r.body.case.caseNumber);
    expect(new Set(numbers).size).toBe(50);
    const sequence = numbers.map((n) => Number(n.slice(-4))).sort((a, b) => a - b);
    expect(sequence.at(-1)! - sequence[0]! + 1).toBe(50);
  });

  it('sets the due date in working days, skipping weekends and configured holidays', async () => {
    const holidays = new Set<string>();
    const today = new Date();
    for (let i = 1; i <= 4; i++) {
      const day = new Date(today.getTime() + 8 * 3_600_000 + i * 86_400_000).toISOString().slice(0, 10);
      holidays.add(day);
      expect((await call(server.url, admin, 'PUT', `/admin/calendar/${day}`, { kind: 'holiday', name: '测试假日' })).status).toBe(200);
    }
    const session = await activeSession(clerks, matterId, { verified: true });
    const { body } = await call<CaseBody>(server.url, clerks.home, 'POST', `/sessions/${session.id}/case`, { confirmGaps: true });
    const accepted = await call<CaseBody>(server.url, clerks.home, 'POST', `/cases/${body.case.id}/decision`, { action: 'accept' });
    expect(accepted.body.case.dueDate).toBe(expectedDue(today, timeLimitDays, holidays));
    expect(accepted.body.case.workingDaysLeft).toBe(timeLimitDays);
    for (const day of holidays) await call(server.url, admin, 'DELETE', `/admin/calendar/${day}`);
  });

  it('walks the lifecycle, refusing illegal steps with a clear message, and exports the package', async () => {
    const session = await activeSession(clerks, matterId, { capture: true, verified: true });
    const id = (await call<CaseBody>(server.url, clerks.home, 'POST', `/sessions/${session.id}/case`, { confirmGaps: true })).body.case.id;
    const decide = (body: unknown, cookie = clerks.home) => call<CaseBody>(server.url, cookie, 'POST', `/cases/${id}/decision`, body);
    expect((await decide({ action: 'deliver', method: 'pickup' })).body.error).toEqual({ code: 'CASE_ILLEGAL_TRANSITION', message: '办件当前为「已收件」，不能执行「送达」。' });
    expect((await decide({ action: 'decline' })).status).toBe(400);
    expect((await decide({ action: 'accept' })).body.case.status).toBe('accepted');
    expect((await decide({ action: 'start' })).body.case.status).toBe('in_progress');
    expect((await decide({ action: 'deliver', method: 'mail', trackingNumber: 'SF1234567890' })).body.error.message).toBe('办件当前为「办理中」，不能执行「送达」。');
    expect((await decide({ action: 'complete', result: '准予登记，已出具不动产登记证明' })).body.case.status).toBe('completed');
    expect((await decide({ action: 'deliver', method: 'mail' })).status).toBe(400);
    const delivered = await decide({ action: 'deliver', method: 'mail', trackingNumber: 'SF1234567890' });
    expect(delivered.body.case).toMatchObject({ status: 'delivered', delivery: { method: 'mail', trackingNumber: 'SF1234567890' } });
    expect(delivered.body.case.timeline.map((e) => e.title)).toEqual(
      expect.arrayContaining(['发起视频会话', '身份核验通过', '收件（已收件）', '受理（已受理）', '办结（已办结）', '送达（已送达）']),
    );

    // The local clerk's list shows it delivered.
    const mine = await call<{ items: { id: number; status: string }[] }>(server.url, clerks.local, 'GET', '/cases?status=delivered');
    expect(mine.body.items.some((c) => c.id === id && c.status === 'delivered')).toBe(true);

    const pkg = await fetch(`${server.url}/api/cases/${id}/package`, { headers: { cookie: clerks.home } });
    expect(pkg.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await pkg.arrayBuffer()));
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as { materials: { file: string; sha256: string }[]; applicant: { idNumber: string } };
    expect(manifest.applicant.idNumber).toBe(citizenId());
    expect(manifest.materials).toHaveLength(1);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(files[manifest.materials[0]!.file]!).digest('hex')).toBe(manifest.materials[0]!.sha256);
  });

  it('keeps home clerks of another jurisdiction out (403, audited), and shows the public status without personal data', async () => {
    const session = await activeSession(clerks, matterId, { verified: true });
    const created = (await call<CaseBody>(server.url, clerks.home, 'POST', `/sessions/${session.id}/case`, { confirmGaps: true })).body.case;
    expect((await call(server.url, otherHome, 'GET', `/cases/${created.id}`)).status).toBe(403);
    expect((await call(server.url, otherHome, 'POST', `/cases/${created.id}/decision`, { action: 'accept' })).status).toBe(403);
    const refusals = await auditActionsOf(server.services.database, 'case', String(created.id), 'refused');
    expect(refusals).toEqual(['case.read_refused', 'case.change_refused']);

    const status = await fetch(`${server.url}/api/public/case-status?number=${created.caseNumber}&idLast4=${citizenId().slice(-4)}`);
    const body = (await status.json()) as { status: PublicCaseStatus };
    expect(body.status).toMatchObject({ caseNumber: created.caseNumber, statusName: '已收件', homeJurisdictionName: '平湖市' });
    expect(JSON.stringify(body)).not.toContain('陈');
    expect(JSON.stringify(body)).not.toContain(citizenId().slice(0, 6) + citizenId().slice(6, 10));
    expect((await fetch(`${server.url}/api/public/case-status?number=${created.caseNumber}&idLast4=0000`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/public/case-status?number=bad&idLast4=1234`)).status).toBe(400);
  });

  it('retries the webhook until the receiver answers 2xx, also across a server restart', async () => {
    let failuresLeft = 3;
    const received: { event: string; signature: string; body: string }[] = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (failuresLeft > 0) {
          failuresLeft--;
          res.writeHead(503).end();
          return;
        }
        received.push({ event: String(req.headers['x-vwindow-event']), signature: String(req.headers['x-vwindow-signature']), body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cases`;
    const configured = await call<{ webhook: { secret: string } }>(server.url, admin, 'PUT', '/admin/webhooks/330482', { url: hookUrl });
    const session = await activeSession(clerks, matterId, { verified: true });
    const created = (await call<CaseBody>(server.url, clerks.home, 'POST', `/sessions/${session.id}/case`, { confirmGaps: true })).body.case;

    // Let it fail once, then restart the server on the same data while the event is still pending.
    while (failuresLeft > 2) await new Promise((r) => setTimeout(r, 50));
    await server.stop();
    server = await startTestServer({ VWINDOW_DATA_DIR: server.dataDir, VWINDOW_WEBHOOK_ALLOW_HTTP: '1', VWINDOW_WEBHOOK_ALLOWLIST: '127.0.0.1' });
    const deadline = Date.now() + 20_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(received).toHaveLength(1);
    expect(received[0]!.event).toBe('case.received');
    expect(received[0]!.signature).toBe(signatureOf(configured.body.webhook.secret, received[0]!.body));
    expect(JSON.parse(received[0]!.body)).toMatchObject({ case: { caseNumber: created.caseNumber, status: 'received' } });
    // The receiver has answered; the server records the answer a moment later.
    const delivery = async () => await webhookDeliveryOf(server.services.database, created.id);
    const recordedBy = Date.now() + 5_000;
    while ((await delivery())?.status !== 'delivered' && Date.now() < recordedBy) await new Promise((r) => setTimeout(r, 50));
    expect(await delivery()).toEqual({ status: 'delivered', attempts: 4 });
    receiver.close();
    await call(server.url, await signInCookie(server, 'admin'), 'DELETE', '/admin/webhooks/330482');
  }, 40_000);

  it('pages the case list and the session list (GET ?after= / ?before= / ?limit=); a bad cursor is a 400', async () => {
    for (const path of ['/cases', '/sessions']) {
      const whole = await call<Page<{ id: number | string }>>(server.url, clerks.home, 'GET', `${path}?limit=200`);
      expect(whole.status).toBe(200);
      // By now the earlier tests have left several of each.
      expect(whole.body.items.length).toBeGreaterThan(2);
      const first = await call<Page<{ id: number | string }>>(server.url, clerks.home, 'GET', `${path}?limit=1`);
      expect(first.body).toMatchObject({ items: [{ id: whole.body.items[0]!.id }], previous: null, next: expect.any(String) });
      const second = await call<Page<{ id: number | string }>>(server.url, clerks.home, 'GET', `${path}?limit=1&after=${first.body.next}`);
      expect(second.body).toMatchObject({ items: [{ id: whole.body.items[1]!.id }], previous: expect.any(String) });
      const back = await call<Page<{ id: number | string }>>(server.url, clerks.home, 'GET', `${path}?limit=1&before=${second.body.previous}`);
      expect(back.body).toMatchObject({ items: [{ id: whole.body.items[0]!.id }], previous: null });
    }
    for (const bad of ['after=bm90LWpzb24', 'after=!!', 'limit=0', 'limit=201']) {
      const refused = await call<CaseBody>(server.url, clerks.home, 'GET', `/cases?${bad}`);
      expect(refused.status, bad).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('verifies the audit chain and detects one edited row', async () => {
    const cookie = await signInCookie(server, 'admin');
    const before = await call<{ audit: { ok: boolean; rows: number } }>(server.url, cookie, 'GET', '/audit/verify');
    expect(before.body.audit).toMatchObject({ ok: true });
    expect(before.body.audit.rows).toBeGreaterThan(100);
    await server.services.database.db.update(auditLog).set({ after: { status: 'forged' } }).where(eq(auditLog.id, 42));
    // Row 42 is before the checkpoint the first check left: the full check finds it.
    expect((await call(server.url, cookie, 'GET', '/audit/verify?full=1')).body).toEqual({ audit: { ok: false, rows: 42, brokenAtId: 42 } });
    expect((await call(server.url, cookie, 'GET', '/audit/verify?full=yes')).status).toBe(400);
    expect((await call(server.url, await signInCookie(server, 'lianshui.local'), 'GET', '/audit/verify')).status).toBe(403);
  });
});

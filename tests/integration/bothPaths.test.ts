/**
 * One back end: the pages' form actions and loads (driven as the browser drives them, through the
 * built SvelteKit app behind the real server) leave exactly what the matching API call leaves — the
 * same audit rows, the same permissions, the same retries. Each test does a thing on one path, then
 * on the other, and compares what each left in the database.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, asc, desc, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, calendarDays, cases, matters, staff, webhookDeliveries } from '../support/tables';
import type { CaseListItem, CaseView, Page } from '../../signaling/src/protocol';
import { getPage, postAction } from '../support/pageRequests';
import { activeSession, call, citizenId } from '../support/sessionSteps';
import { TestSignalingClient } from '../support/signalingClient';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';

describe('pages and API go through the same services', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  let kase: CaseView;

  const db = () => server.services.database.db;
  const idOf = async (username: string) => (await db().select({ id: staff.id }).from(staff).where(eq(staff.username, username)))[0]!.id;
  const lastAuditId = async () => (await db().select({ id: auditLog.id }).from(auditLog).orderBy(desc(auditLog.id)).limit(1))[0]?.id ?? 0;
  /** The audit rows written since `mark`, without what differs by nature (id, time, hashes). */
  const auditSince = async (mark: number) =>
    await db()
      .select({ actorId: auditLog.actorId, action: auditLog.action, entityType: auditLog.entityType, entityId: auditLog.entityId, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(gt(auditLog.id, mark))
      .orderBy(asc(auditLog.id));
  /** Runs `step` and returns the audit rows it wrote. */
  const audited = async (step: () => Promise<unknown>) => {
    const mark = await lastAuditId();
    await step();
    return await auditSince(mark);
  };

  beforeAll(async () => {
    server = await startTestServer({ VWINDOW_WEBHOOK_ALLOW_HTTP: '1', VWINDOW_WEBHOOK_ALLOWLIST: '127.0.0.1' });
    for (const username of ['admin', 'jiangsu.supervisor', 'pinghu.supervisor', 'pinghu.local', 'lianshui.local', 'lianshui.home']) {
      cookies[username] = await signInCookie(server, username);
    }
    // A case of 涟水县 (320826), in 江苏省: received by its home clerk from a session started in 平湖.
    const matter = (await db().select().from(matters).where(eq(matters.homeJurisdictionCode, '320826')))[0]!;
    const clerks = { url: server.url, local: cookies['pinghu.local']!, home: cookies['lianshui.home']! };
    const session = await activeSession(clerks, matter.id, { verified: true, homeJurisdictionCode: '320826', idNumber: citizenId('32082619900101123') });
    const created = await call<{ case: CaseView }>(server.url, clerks.home, 'POST', `/sessions/${session.id}/case`, { confirmGaps: true });
    expect(created.status).toBe(201);
    kase = created.body.case;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('the working-day calendar: the settings page sets and removes a day as PUT/DELETE /api/admin/calendar do', async () => {
    const date = '2031-05-06';
    const day = async () => (await db().select().from(calendarDays).where(eq(calendarDays.date, date)))[0];
    const admin = cookies.admin!;

    const pageSet = await audited(async () => {
      expect(await postAction(server, admin, '/admin/settings', 'setDay', { date, kind: 'holiday', name: '测试假日' })).toMatchObject({ type: 'success', status: 200 });
    });
    const dayByPage = await day();
    const pageRemoved = await audited(async () => {
      expect(await postAction(server, admin, '/admin/settings', 'removeDay', { date })).toMatchObject({ type: 'success' });
    });
    expect(await day()).toBeUndefined();

    const apiSet = await audited(async () => {
      expect((await call(server.url, admin, 'PUT', `/admin/calendar/${date}`, { kind: 'holiday', name: '测试假日' })).status).toBe(200);
    });
    expect(await day()).toEqual(dayByPage);
    const apiRemoved = await audited(async () => {
      expect((await call(server.url, admin, 'DELETE', `/admin/calendar/${date}`)).status).toBe(204);
    });

    expect(pageSet).toEqual([{ actorId: await idOf('admin'), action: 'calendar.set', entityType: 'calendar', entityId: date, before: null, after: { kind: 'holiday', name: '测试假日' } }]);
    expect(apiSet).toEqual(pageSet);
    expect(pageRemoved).toEqual([{ actorId: await idOf('admin'), action: 'calendar.removed', entityType: 'calendar', entityId: date, before: null, after: null }]);
    expect(apiRemoved).toEqual(pageRemoved);

    // Bad input changes nothing and writes nothing, on either path.
    expect(
      await audited(async () => {
        expect(await postAction(server, admin, '/admin/settings', 'setDay', { date: '2031-02-30', kind: 'holiday', name: '' })).toMatchObject({ type: 'failure', status: 400 });
        expect((await call(server.url, admin, 'PUT', '/admin/calendar/2031-02-30', { kind: 'holiday' })).status).toBe(400);
      }),
    ).toEqual([]);

    // Someone else than an administrator: refused, with one audit row each, and nothing set.
    const supervisor = cookies['jiangsu.supervisor']!;
    const pageRefused = await audited(async () => {
      expect(await postAction(server, supervisor, '/admin/settings', 'setDay', { date, kind: 'holiday', name: '' })).toMatchObject({ type: 'error', status: 403 });
    });
    const apiRefused = await audited(async () => {
      expect((await call(server.url, supervisor, 'PUT', `/admin/calendar/${date}`, { kind: 'holiday' })).status).toBe(403);
    });
    expect(await day()).toBeUndefined();
    const refusal = { actorId: await idOf('jiangsu.supervisor'), action: 'access.refused', before: null, after: { actor: 'jiangsu.supervisor', role: 'supervisor', jurisdictionCode: '320000', address: '127.0.0.1', reason: 'FORBIDDEN' } };
    expect(pageRefused).toEqual([{ ...refusal, entityType: 'page', entityId: '/admin/settings' }]);
    expect(apiRefused).toEqual([{ ...refusal, entityType: 'api', entityId: `PUT /api/admin/calendar/${date}` }]);
  });

  it('webhooks: setting one on the settings page audits it and sends what was waiting at once, as PUT /api/admin/webhooks does', async () => {
    let failing = true;
    const received: string[] = [];
    const receiver: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (failing) {
          res.writeHead(503).end();
          return;
        }
        received.push(String(req.headers['x-vwindow-event']));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const admin = cookies.admin!;
    const home = cookies['lianshui.home']!;
    const delivery = async (event: string) =>
      (await db().select().from(webhookDeliveries).where(and(eq(webhookDeliveries.caseId, kase.id), eq(webhookDeliveries.event, event))))[0];
    const until = async (done: () => boolean | Promise<boolean>, ms: number) => {
      const deadline = Date.now() + ms;
      while (!(await done()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      return await done();
    };

    /** A case step whose delivery failed and waits far in the future (as after many retries); then the receiver recovers. */
    async function failedDelivery(action: 'accept' | 'start'): Promise<string> {
      failing = true;
      expect((await call(server.url, home, 'POST', `/cases/${kase.id}/decision`, { action })).status).toBe(200);
      const event = `case.${action}`;
      expect(await until(async () => ((await delivery(event))?.attempts ?? 0) > 0, 10_000)).toBe(true);
      const later = new Date(Date.now() + 3_600_000);
      // An attempt in flight may have rescheduled it: set it again until it stays put.
      for (let i = 0; i < 5 && ((await delivery(event))!.nextAttemptAt < later || i === 0); i++) {
        await db().update(webhookDeliveries).set({ nextAttemptAt: later }).where(eq(webhookDeliveries.id, (await delivery(event))!.id));
        await new Promise((resolve) => setTimeout(resolve, 600));
      }
      expect((await delivery(event))!.nextAttemptAt.getTime()).toBe(later.getTime());
      failing = false;
      return event;
    }

    try {
      expect((await call(server.url, admin, 'PUT', '/admin/webhooks/320826', { url })).status).toBe(200);

      const pageEvent = await failedDelivery('accept');
      const byPage = await audited(async () => {
        expect(await postAction(server, admin, '/admin/settings', 'setWebhook', { code: '320826', url })).toMatchObject({ type: 'success' });
      });
      expect(await until(() => received.includes(pageEvent), 5_000)).toBe(true);
      // The server records the receiver's 2xx after the receiver has the event: wait for the row first.
      await until(async () => (await delivery(pageEvent))?.status === 'delivered', 5_000);
      expect((await delivery(pageEvent))!.status).toBe('delivered');

      const apiEvent = await failedDelivery('start');
      const byApi = await audited(async () => {
        expect((await call(server.url, admin, 'PUT', '/admin/webhooks/320826', { url })).status).toBe(200);
      });
      expect(await until(() => received.includes(apiEvent), 5_000)).toBe(true);

      expect(byPage).toEqual([{ actorId: await idOf('admin'), action: 'webhook.set', entityType: 'webhook', entityId: '320826', before: null, after: { url } }]);
      expect(byApi).toEqual(byPage);

      // A jurisdiction that takes no sessions is refused on both paths, and nothing is written.
      expect(
        await audited(async () => {
          expect(await postAction(server, admin, '/admin/settings', 'setWebhook', { code: '999999', url })).toMatchObject({ type: 'failure', status: 400 });
          expect((await call(server.url, admin, 'PUT', '/admin/webhooks/999999', { url })).body).toMatchObject({ error: { code: 'UNKNOWN_JURISDICTION' } });
        }),
      ).toEqual([]);

      const removed = await audited(async () => {
        expect(await postAction(server, admin, '/admin/settings', 'removeWebhook', { code: '320826' })).toMatchObject({ type: 'success' });
      });
      expect(removed).toEqual([{ actorId: await idOf('admin'), action: 'webhook.removed', entityType: 'webhook', entityId: '320826', before: null, after: null }]);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it('the supervisor’s /cases lists what GET /api/cases lists: the cases of every jurisdiction covered', async () => {
    const numbersOn = (html: string) => [...new Set(html.match(/\b\d{6}-\d{8}-\d{4}\b/g) ?? [])].sort();
    const listed = async (username: string, query = '') => {
      const page = await getPage(server, cookies[username]!, `/cases${query}`);
      expect(page.status).toBe(200);
      const api = await call<Page<CaseListItem>>(server.url, cookies[username]!, 'GET', `/cases${query}`);
      expect(api.status).toBe(200);
      return { page: numbersOn(page.html), api: api.body.items.map((c) => c.caseNumber).sort() };
    };

    const province = await listed('jiangsu.supervisor');
    expect(province.api).toContain(kase.caseNumber);
    expect(province.page).toEqual(province.api);
    // 平湖's supervisor covers 330482 only.
    const county = await listed('pinghu.supervisor');
    expect(county.api).not.toContain(kase.caseNumber);
    expect(county.page).toEqual(county.api);

    // Due soon has a lower bound: an overdue case is 已逾期, not 即将到期 — on both paths.
    await db().update(cases).set({ dueDate: '2020-01-06' }).where(eq(cases.id, kase.id));
    const soon = await listed('jiangsu.supervisor', '?due=soon');
    expect(soon.api).not.toContain(kase.caseNumber);
    expect(soon.page).toEqual(soon.api);
    const overdue = await listed('jiangsu.supervisor', '?due=overdue');
    expect(overdue.api).toContain(kase.caseNumber);
    expect(overdue.page).toEqual(overdue.api);
    await db().update(cases).set({ dueDate: null }).where(eq(cases.id, kase.id));
  });

  it('a refused /home, a refused API call and a refused WebSocket request each write one audit row', async () => {
    const local = cookies['lianshui.local']!;
    const who = { actorId: await idOf('lianshui.local'), action: 'access.refused', before: null };
    const after = { actor: 'lianshui.local', role: 'local_clerk', jurisdictionCode: '320826', reason: 'FORBIDDEN' };

    const page = await audited(async () => expect((await getPage(server, local, '/home')).status).toBe(403));
    const api = await audited(async () => expect((await call(server.url, local, 'GET', '/queue')).status).toBe(403));
    expect(page).toEqual([{ ...who, entityType: 'page', entityId: '/home', after: { ...after, address: '127.0.0.1' } }]);
    expect(api).toEqual([{ ...who, entityType: 'api', entityId: 'GET /api/queue', after: { ...after, address: '127.0.0.1' } }]);

    const client = await TestSignalingClient.connect(server, local);
    try {
      const ws = await audited(async () => {
        expect(await client.request('standby.open', { rtpCapabilities: { codecs: [] } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      });
      expect(ws).toEqual([{ ...who, entityType: 'ws', entityId: 'standby.open', after }]);
    } finally {
      client.socket.close();
    }

    // Not signed in: the API answers 401 and records "anonymous" with the client's address.
    const anonymous = await audited(async () => expect((await call(server.url, '', 'GET', '/cases')).status).toBe(401));
    expect(anonymous).toEqual([
      { actorId: null, action: 'access.refused', entityType: 'api', entityId: 'GET /api/cases', before: null, after: { actor: 'anonymous', address: '127.0.0.1', reason: 'AUTH_REQUIRED' } },
    ]);

    // A refusal a service makes (a case of another jurisdiction) has its row once, on either path.
    const other = cookies['pinghu.supervisor']!;
    const pageCase = await audited(async () => expect((await getPage(server, other, `/cases/${kase.id}`)).status).toBe(403));
    const apiCase = await audited(async () => expect((await call(server.url, other, 'GET', `/cases/${kase.id}`)).status).toBe(403));
    expect(pageCase).toEqual([
      { actorId: await idOf('pinghu.supervisor'), action: 'case.read_refused', entityType: 'case', entityId: String(kase.id), before: null, after: { actor: 'pinghu.supervisor', role: 'supervisor', jurisdictionCode: '330482', reason: 'FORBIDDEN' } },
    ]);
    expect(apiCase).toEqual(pageCase);
  });
});

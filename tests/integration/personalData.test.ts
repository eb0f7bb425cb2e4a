/**
 * Personal data beyond need (issue 16, item 7) against the real server: the case package gives the
 * applicant's full ID number and phone only to the clerks of the home jurisdiction (masked for the local
 * clerk and supervisors, refused to other jurisdictions); webhook URLs that are plain http or point at
 * loopback, link-local, private or mapped addresses are refused when saved (audited) and again at each
 * delivery on the addresses actually resolved; the failures list shows payloads masked.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, matters } from '../support/tables';
import { maskIdNumber, type CaseView, type WebhookFailure } from '../../signaling/src/protocol';
import { postAction } from '../support/pageRequests';
import { activeSession, call, citizenId, type Clerks } from '../support/sessionSteps';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';

const PHONE = '13800138000';

async function receivedCase(server: TestServer, clerks: Clerks, idNumber: string): Promise<CaseView> {
  const matter = (await server.services.database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!;
  const session = await activeSession(clerks, matter.id, { verified: true, idNumber });
  const created = await call<{ case: CaseView }>(server.url, clerks.home, 'POST', `/sessions/${session.id}/case`, { confirmGaps: true });
  expect(created.status).toBe(201);
  return created.body.case;
}

describe('the case package and webhooks carry what the receiver needs', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    // No http, and only 10.1.2.0/24 of the internal ranges allowed.
    server = await startTestServer({ VWINDOW_WEBHOOK_ALLOWLIST: '10.1.2.0/24' });
    for (const username of ['lianshui.local', 'pinghu.home', 'pinghu.home2', 'pinghu.supervisor', 'jiangsu.supervisor', 'huaibei.home', 'admin']) {
      cookies[username] = await signInCookie(server, username);
    }
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('gives the full ID number and phone only to the home jurisdiction’s clerks; masked to the local clerk and supervisors; refused to others', async () => {
    const idNumber = citizenId('33048219900101555');
    const kase = await receivedCase(server, { url: server.url, local: cookies['lianshui.local']!, home: cookies['pinghu.home']! }, idNumber);
    const applicantAs = async (username: string) => {
      const response = await fetch(`${server.url}/api/cases/${kase.id}/package`, { headers: { cookie: cookies[username]! } });
      if (response.status !== 200) return response.status;
      const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
      return (JSON.parse(strFromU8(files['manifest.json']!)) as { applicant: unknown }).applicant;
    };
    const full = { name: '陈先生', idNumber, phone: PHONE, masked: false };
    const masked = { name: '陈**', idNumber: maskIdNumber(idNumber), phone: '138****8000', masked: true };
    expect(masked.idNumber).toBe(`330482********${idNumber.slice(-4)}`);
    expect(await applicantAs('pinghu.home')).toEqual(full);
    expect(await applicantAs('pinghu.home2')).toEqual(full);
    expect(await applicantAs('lianshui.local')).toEqual(masked);
    expect(await applicantAs('pinghu.supervisor')).toEqual(masked);
    expect(await applicantAs('jiangsu.supervisor')).toBe(403);
    expect(await applicantAs('huaibei.home')).toBe(403);
    // The case page's view is masked for everyone.
    for (const username of ['pinghu.home', 'lianshui.local', 'pinghu.supervisor']) {
      const view = await call<{ case: CaseView }>(server.url, cookies[username]!, 'GET', `/cases/${kase.id}`);
      expect(JSON.stringify(view.body)).not.toContain(idNumber);
      expect(JSON.stringify(view.body)).not.toContain(PHONE);
    }
  });

  it('refuses webhook URLs over http or to internal addresses (4xx, audited), and accepts an allowlisted range', async () => {
    const db = server.services.database.db;
    const refusals = async () => await db.select().from(auditLog).where(eq(auditLog.action, 'webhook.change_refused'));
    const before = (await refusals()).length;
    const cases: [string, string][] = [
      ['http://cases.example.gov.cn/hook', 'WEBHOOK_HTTP_REFUSED'],
      ['https://127.0.0.1/hook', 'WEBHOOK_ADDRESS_REFUSED'],
      ['https://169.254.169.254/latest/meta-data', 'WEBHOOK_ADDRESS_REFUSED'],
      ['https://[::1]:8443/hook', 'WEBHOOK_ADDRESS_REFUSED'],
      ['https://[::ffff:127.0.0.1]/hook', 'WEBHOOK_ADDRESS_REFUSED'],
      ['https://[fe80::1]/hook', 'WEBHOOK_ADDRESS_REFUSED'],
      ['https://192.168.1.10/hook', 'WEBHOOK_ADDRESS_REFUSED'],
      ['https://10.1.3.1/hook', 'WEBHOOK_ADDRESS_REFUSED'],
      ['https://0.0.0.0/hook', 'WEBHOOK_ADDRESS_REFUSED'],
      ['https://localhost/hook', 'WEBHOOK_ADDRESS_REFUSED'],
    ];
    for (const [url, code] of cases) {
      const answer = await call<{ error: { code: string; message: string } }>(server.url, cookies.admin!, 'PUT', '/admin/webhooks/330482', { url });
      expect({ url, status: answer.status, code: answer.body.error?.code }).toEqual({ url, status: 400, code });
    }
    const localhost = await call<{ error: { message: string } }>(server.url, cookies.admin!, 'PUT', '/admin/webhooks/330482', { url: 'https://localhost/hook' });
    expect(localhost.body.error.message).toBe('推送地址 localhost 指向本机、内网或保留地址（127.0.0.1），不在允许名单（VWINDOW_WEBHOOK_ALLOWLIST）中。');
    const rows = (await refusals()).slice(before);
    expect(rows).toHaveLength(cases.length + 1);
    expect(rows[0]).toMatchObject({ entityType: 'webhook', entityId: '330482', after: { actor: 'admin', reason: 'WEBHOOK_HTTP_REFUSED', url: 'http://cases.example.gov.cn/hook' } });
    expect(rows[2]).toMatchObject({ after: { reason: 'WEBHOOK_ADDRESS_REFUSED', address: '169.254.169.254' } });
    expect((await call(server.url, cookies.admin!, 'GET', '/admin/webhooks')).body).toEqual({ webhooks: [] });

    // The settings page's form: the same refusal, shown at the URL field, and the same audit row.
    const byPage = await postAction(server, cookies.admin!, '/admin/settings', 'setWebhook', { code: '330482', url: 'https://169.254.169.254/' });
    expect(byPage).toMatchObject({ type: 'failure', status: 400 });
    expect(byPage.data).toContain('推送地址 169.254.169.254 指向本机、内网或保留地址');
    expect((await refusals()).slice(before)).toHaveLength(cases.length + 2);

    const allowed = await call(server.url, cookies.admin!, 'PUT', '/admin/webhooks/330482', { url: 'https://10.1.2.3/hook' });
    expect(allowed.status).toBe(200);
    expect((await call(server.url, cookies.admin!, 'DELETE', '/admin/webhooks/330482')).status).toBe(204);
  });
});

describe('webhook deliveries', () => {
  let server: TestServer;
  let receiver: Server;
  let failing = false;
  let hits = 0;
  const received: string[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        hits++;
        if (failing) {
          res.writeHead(503).end();
          return;
        }
        received.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await server?.dispose();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('sends over http only when allowed, masked; lists failures masked; refuses at delivery an address no longer allowed', async () => {
    const env = { VWINDOW_WEBHOOK_ALLOW_HTTP: '1', VWINDOW_WEBHOOK_ALLOWLIST: '127.0.0.1' };
    server = await startTestServer(env);
    const admin = await signInCookie(server, 'admin');
    const clerks = { url: server.url, local: await signInCookie(server, 'lianshui.local'), home: await signInCookie(server, 'pinghu.home') };
    // A host name that resolves to the allowlisted address.
    const url = `http://localhost:${(receiver.address() as AddressInfo).port}/hook`;
    expect((await call(server.url, admin, 'PUT', '/admin/webhooks/330482', { url })).status).toBe(200);

    const idNumber = citizenId('33048219900101666');
    await receivedCase(server, clerks, idNumber);
    const until = async (done: () => boolean) => {
      const deadline = Date.now() + 15_000;
      while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      return done();
    };
    expect(await until(() => received.length === 1)).toBe(true);
    const event = JSON.parse(received[0]!) as { case: { applicant: unknown } };
    expect(event.case.applicant).toEqual({ name: '陈**', idNumber: maskIdNumber(idNumber), phone: '138****8000' });

    // A failing delivery: the failures list shows the event with the applicant masked.
    failing = true;
    const second = await receivedCase(server, clerks, citizenId('33048219900101777'));
    const failures = async () => (await call<{ failures: WebhookFailure[] }>(server.url, admin, 'GET', '/admin/webhook-failures')).body.failures;
    let listed: WebhookFailure | undefined;
    const deadline = Date.now() + 15_000;
    while (!listed && Date.now() < deadline) {
      listed = (await failures()).find((f) => f.caseId === second.id);
      if (!listed) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(listed?.payload).toMatchObject({ case: { applicant: { name: '陈**', idNumber: maskIdNumber(citizenId('33048219900101777')), phone: '138****8000' } } });
    expect(JSON.stringify(await failures())).not.toContain(citizenId('33048219900101777'));
    expect(JSON.stringify(await failures())).not.toContain('13800138000');

    // The same data with 127.0.0.1 no longer allowed: the saved URL's host still resolves to it, and the
    // delivery is refused before connecting.
    await server.stop();
    server = await startTestServer({ VWINDOW_DATA_DIR: server.dataDir, VWINDOW_WEBHOOK_ALLOW_HTTP: '1' });
    const hitsBefore = hits;
    const admin2 = await signInCookie(server, 'admin');
    expect((await call(server.url, admin2, 'POST', `/admin/webhook-deliveries/${listed!.id}/retry`)).status).toBe(200);
    const refused = async () => (await call<{ failures: WebhookFailure[] }>(server.url, admin2, 'GET', '/admin/webhook-failures')).body.failures.find((f) => f.id === listed!.id);
    const lastError = async () => (await refused())?.lastError ?? '';
    const refusedBy = Date.now() + 15_000;
    while (!(await lastError()).includes('不在允许名单') && Date.now() < refusedBy) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await lastError()).toBe(`推送地址 localhost 指向本机、内网或保留地址（127.0.0.1），不在允许名单（VWINDOW_WEBHOOK_ALLOWLIST）中。`);
    expect(hits).toBe(hitsBefore);
  }, 60_000);
});

/**
 * The web defences of every answer, against the real server and the built web app: the security
 * headers on pages (signed in and out), API answers, errors, static assets and 404s; state-changing
 * API requests only from the product's own origin (refusals audited, nothing changed), SvelteKit's
 * own origin check on form posts behind this server; /api/health's public and admin parts.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, matters, sessions } from '../support/tables';
import type { SessionView } from '../../signaling/src/protocol';
import { call, citizenId } from '../support/sessionSteps';
import { requestFrom } from '../support/fromAddress';
import { fromProductPage, signInCookie, startTestServer, type TestServer } from '../support/testServer';
import { recordingNoticePath } from '../support/recordingNotice';

/** The headers every answer carries, whatever it is. */
function expectCommonHeaders(label: string, headers: Headers): void {
  const common = {
    label,
    nosniff: headers.get('x-content-type-options'),
    frame: headers.get('x-frame-options'),
    referrer: headers.get('referrer-policy'),
    opener: headers.get('cross-origin-opener-policy'),
    frameAncestors: /(^|;\s*)frame-ancestors 'none'(;|$)/.test(headers.get('content-security-policy') ?? ''),
  };
  expect(common).toEqual({ label, nosniff: 'nosniff', frame: 'DENY', referrer: 'same-origin', opener: 'same-origin', frameAncestors: true });
}

/** The Content-Security-Policy as directive → sources. */
function csp(headers: Headers): Record<string, string[]> {
  const policy = headers.get('content-security-policy') ?? '';
  return Object.fromEntries(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('web defences', () => {
  let server: TestServer;
  let local: string;
  let home: string;
  let admin: string;
  let matterId: number;

  beforeAll(async () => {
    server = await startTestServer();
    [local, home, admin] = await Promise.all([signInCookie(server, 'pinghu.local'), signInCookie(server, 'pinghu.home'), signInCookie(server, 'admin')]);
    matterId = (await server.services.database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!.id;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const startSession = async (): Promise<SessionView> => {
    const started = await call<{ session: SessionView }>(server.url, local, 'POST', '/sessions', {
      citizenName: '陈先生',
      citizenIdNumber: citizenId(),
      citizenPhone: '13800138000',
      homeJurisdictionCode: '330482',
      matterId,
    });
    expect(started.status).toBe(201);
    expect((await call(server.url, local, 'POST', recordingNoticePath(started.body.session.id).replace(/^\/api/, ''))).status).toBe(201);
    return started.body.session;
  };
  const sessionStatus = async (id: string) => (await server.services.database.db.select().from(sessions).where(eq(sessions.id, id)))[0]?.status;
  const originRefusals = async () =>
    (await server.services.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'access.refused'))
      .orderBy(auditLog.id))
      .filter((row) => (row.after as { reason: string }).reason === 'ORIGIN_REFUSED');

  describe('security headers', () => {
    it('gives pages the page policy with a nonce, no framing, no caching, signed in or not', async () => {
      for (const [label, path, cookie] of [
        ['sign-in page, signed out', '/sign-in', undefined],
        ['public status page', '/status', undefined],
        ['home console, signed in', '/home', home],
      ] as const) {
        const response = await fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
        expect({ label, status: response.status }).toEqual({ label, status: 200 });
        expectCommonHeaders(label, response.headers);
        expect({ label, cache: response.headers.get('cache-control') }).toEqual({ label, cache: 'no-store' });
        const policy = csp(response.headers);
        const nonce = /nonce="([^"]+)"/.exec(await response.text())?.[1];
        expect(nonce, label).toBeDefined();
        expect(policy).toMatchObject({
          'default-src': ["'self'"],
          'object-src': ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          'script-src': ["'self'", `'nonce-${nonce}'`],
        });
        // Nothing from another origin, and no eval anywhere.
        const sources = Object.values(policy).flat();
        expect(sources.filter((source) => /^(https?:|wss?:|\*)/.test(source) || source === "'unsafe-eval'"), label).toEqual([]);
        expect(policy['script-src'], label).not.toContain("'unsafe-inline'");
      }
    });

    it('gives API answers, errors, 404s and static assets the policy that lets nothing load', async () => {
      const signInPage = await (await fetch(`${server.url}/sign-in`)).text();
      const asset = /\/_app\/immutable\/[^"]+\.js/.exec(signInPage)?.[0];
      expect(asset).toBeDefined();
      const answers: [string, string, Record<string, string>, number][] = [
        ['API answer with session data', '/api/me', { cookie: home }, 200],
        ['API refusal', '/api/me', {}, 401],
        ['API 404', '/api/nothing-here', { cookie: home }, 404],
        ['public health', '/api/health', {}, 200],
        ['CA download where there is none', '/api/public/ca-certificate', {}, 404],
        ['page 404', '/nothing-here', {}, 404],
        ['static asset', asset!, {}, 200],
      ];
      for (const [label, path, headers, status] of answers) {
        const response = await fetch(`${server.url}${path}`, { headers });
        expect({ label, status: response.status }).toEqual({ label, status });
        expectCommonHeaders(label, response.headers);
        if (label !== 'page 404') {
          expect({ label, csp: csp(response.headers)['default-src'] }).toEqual({ label, csp: ["'none'"] });
        }
        const cache = response.headers.get('cache-control');
        expect({ label, cache }).toEqual({ label, cache: label === 'static asset' ? 'public,max-age=31536000,immutable' : 'no-store' });
        await response.arrayBuffer();
      }
    });
  });

  describe('origin of state-changing API requests', () => {
    it('refuses body-less POSTs to /accept, /end and /cancel from another origin, changing nothing, one audit row each', async () => {
      const before = (await originRefusals()).length;
      const waiting = await startSession();
      const foreign = ['http://evil.example', 'null', server.url.replace('http:', 'https:'), `${server.url}.evil.example`];
      for (const origin of foreign) {
        const accept = await fetch(`${server.url}/api/sessions/${waiting.id}/accept`, { method: 'POST', headers: { cookie: home, origin } });
        expect({ origin, status: accept.status }).toEqual({ origin, status: 403 });
        expect(((await accept.json()) as { error: { code: string; message: string } }).error).toEqual({
          code: 'ORIGIN_REFUSED',
          message: '只接受本系统页面发出的操作请求，请在本系统页面上重新操作。',
        });
      }
      const cancel = await fetch(`${server.url}/api/sessions/${waiting.id}/cancel`, { method: 'POST', headers: { cookie: local, origin: 'http://evil.example' } });
      expect(cancel.status).toBe(403);
      expect(await sessionStatus(waiting.id)).toBe('waiting');

      const accepted = await call<{ session: SessionView }>(server.url, home, 'POST', `/sessions/${waiting.id}/accept`);
      expect(accepted.status).toBe(200);
      const end = await fetch(`${server.url}/api/sessions/${waiting.id}/end`, { method: 'POST', headers: { cookie: home, origin: 'http://127.0.0.1:1' } });
      expect(end.status).toBe(403);
      expect(await sessionStatus(waiting.id)).toBe('active');

      const rows = (await originRefusals()).slice(before);
      expect(rows.map((row) => [row.entityId, (row.after as { origin: string }).origin])).toEqual([
        ...foreign.map((origin) => [`POST /api/sessions/${waiting.id}/accept`, origin]),
        [`POST /api/sessions/${waiting.id}/cancel`, 'http://evil.example'],
        [`POST /api/sessions/${waiting.id}/end`, 'http://127.0.0.1:1'],
      ]);
      expect(rows.map((row) => (row.after as { actor: string }).actor)).toEqual([...foreign.map(() => 'pinghu.home'), 'pinghu.local', 'pinghu.home']);
      expect((await call(server.url, home, 'POST', `/sessions/${waiting.id}/end`)).status).toBe(200);
    });

    it('judges a request without Origin by Sec-Fetch-Site, and refuses one with a cookie and neither', async () => {
      const before = (await originRefusals()).length;
      const session = await startSession();
      const cancel = (headers: Record<string, string>) =>
        requestFrom('127.0.0.1', `${server.url}/api/sessions/${session.id}/cancel`, { method: 'POST', headers: { cookie: local, ...headers } });
      expect((await cancel({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      expect((await cancel({ 'sec-fetch-site': 'same-site' })).status).toBe(403);
      expect((await cancel({})).status).toBe(403);
      expect(await sessionStatus(session.id)).toBe('waiting');
      expect((await originRefusals()).slice(before).map((row) => (row.after as { verdict: string }).verdict)).toEqual(['foreign', 'foreign', 'unstated-with-cookie']);
      expect((await cancel({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
      expect(await sessionStatus(session.id)).toBe('cancelled');
    });

    it('refuses PUT and DELETE from another origin too, and lets a client without cookie or Origin sign in', async () => {
      const put = await fetch(`${server.url}/api/admin/webhooks/330482`, {
        method: 'PUT',
        headers: { cookie: admin, origin: 'http://evil.example', 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'https://example.gov.cn/hook' }),
      });
      expect(put.status).toBe(403);
      const del = await fetch(`${server.url}/api/admin/calendar/2026-12-01`, { method: 'DELETE', headers: { cookie: admin, origin: 'http://evil.example' } });
      expect(del.status).toBe(403);
      expect((await call<{ webhooks: unknown[] }>(server.url, admin, 'GET', '/admin/webhooks')).body.webhooks).toEqual([]);
      const script = await requestFrom('127.0.0.1', `${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'pinghu.home2', password: 'Window@2026' }),
      });
      expect(script.status).toBe(200);
    });

    it("leaves form posts to SvelteKit's own origin check, which sees the real origin behind this server", async () => {
      const session = await startSession();
      const post = (origin: string) =>
        fetch(`${server.url}/home?/accept`, {
          method: 'POST',
          headers: { cookie: home, origin, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true' },
          body: new URLSearchParams({ sessionId: session.id }),
          redirect: 'manual',
        });
      const foreign = await post('http://evil.example');
      expect(foreign.status).toBe(403);
      expect(await foreign.text()).toMatch(/Cross-site POST form submissions are forbidden/);
      expect(await sessionStatus(session.id)).toBe('waiting');
      const own = await post(server.url);
      expect(own.status).toBe(200);
      expect(((await own.json()) as { type: string }).type).toMatch(/success|redirect/);
      expect(await sessionStatus(session.id)).toBe('active');
      expect((await call(server.url, home, 'POST', `/sessions/${session.id}/end`)).status).toBe(200);
    });
  });

  describe('/api/health', () => {
    it('tells anyone only whether the product serves, and on which kind of store', async () => {
      const response = await fetch(`${server.url}/api/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', store: { kind: server.services.database.kind, ok: true } });
    });

    it('gives the details to a signed-in administrator only', async () => {
      expect((await fetch(`${server.url}/api/admin/health`)).status).toBe(401);
      expect((await fetch(`${server.url}/api/admin/health`, { headers: { cookie: home } })).status).toBe(403);
      const response = await fetch(`${server.url}/api/admin/health`, { headers: fromProductPage(server.url, admin) });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { status: string; uptimeSeconds: number; workers: { live: number; list: { pid: number }[] }; database: { ok: boolean } };
      expect(body).toMatchObject({ status: 'ok', workers: { live: 2 }, database: { ...(await server.services.database.status()), ok: true } });
      expect(body.workers.list.every((worker) => typeof worker.pid === 'number')).toBe(true);
      expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
    });
  });
});

/**
 * The foundation end to end in one process: health with real mediasoup workers, a router and a
 * WebRtcTransport on a real worker, a killed worker replaced, sign-in edge cases, the /ws edge.
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { fromProductPage, signInCookie, startTestServer, testStoreIsPostgres, type TestServer } from '../support/testServer';

interface Health {
  status: string;
  workers: { live: number; total: number; list: { index: number; pid: number | null; alive: boolean; port: number; restarts: number }[] };
  database: { kind: string; ok: boolean; journalMode?: string; url?: string };
}

describe('server foundation', () => {
  let server: TestServer;
  let admin: string;
  /** The details: for a signed-in administrator only (the public /api/health says only ok or not). */
  const health = async (): Promise<Health> => (await (await fetch(`${server.url}/api/admin/health`, { headers: { cookie: admin } })).json()) as Health;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await signInCookie(server, 'admin');
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('reports live workers and the store (a WAL SQLite file, or PostgreSQL with its password masked) to an administrator at /api/admin/health', async () => {
    const kind = testStoreIsPostgres ? 'postgres' : 'sqlite';
    expect(await (await fetch(`${server.url}/api/health`)).json()).toEqual({ status: 'ok', store: { kind, ok: true } });
    const response = await fetch(`${server.url}/api/admin/health`, { headers: { cookie: admin } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Health;
    expect(body.status).toBe('ok');
    expect(body.workers.live).toBeGreaterThanOrEqual(1);
    expect(body.workers.list.every((w) => w.alive && typeof w.pid === 'number')).toBe(true);
    if (testStoreIsPostgres) {
      expect(body.database).toMatchObject({ kind, ok: true, url: expect.stringMatching(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/vwindow_it_/) });
    } else {
      expect(body.database).toMatchObject({ kind, ok: true, journalMode: 'wal' });
    }
  });

  it('creates a router and a WebRtcTransport on a real worker, and replaces a killed worker', async () => {
    const pool = server.services.workers;
    const { router, webRtcServer, workerIndex } = await pool.createRouter();
    const transport = await router.createWebRtcTransport({ webRtcServer, enableUdp: true, enableTcp: true });
    const port = server.services.config.rtc.portBase + workerIndex;
    expect(transport.iceCandidates.map((c) => `${c.protocol}:${c.ip}:${c.port}`).sort()).toEqual([
      `tcp:127.0.0.1:${port}`,
      `udp:127.0.0.1:${port}`,
    ]);
    expect(transport.dtlsParameters.fingerprints.length).toBeGreaterThan(0);
    expect((await health()).workers.list[workerIndex]).toMatchObject({ alive: true });

    const oldPid = pool.worker(workerIndex)!.pid;
    const replaced = once(pool, 'workerreplaced');
    process.kill(oldPid, 'SIGKILL');
    const [index, newPid] = (await replaced) as [number, number];
    expect(index).toBe(workerIndex);
    expect(newPid).not.toBe(oldPid);
    expect(router.closed).toBe(true);

    const after = await health();
    expect(after.status).toBe('ok');
    expect(after.workers.list[workerIndex]).toMatchObject({ alive: true, pid: newPid, port, restarts: 1 });
    // The replacement listens on the same port and takes new routers.
    const again = await pool.createRouter();
    const transport2 = await again.router.createWebRtcTransport({ webRtcServer: again.webRtcServer });
    expect(transport2.iceCandidates[0]?.port).toBe(server.services.config.rtc.portBase + again.workerIndex);
    again.router.close();
  });

  it('answers bad sign-in input with 400 and a stable code, and keeps serving', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': type }, body });
    const cases: [string, string, number, string][] = [
      ['malformed JSON', '{"username": "pinghu.home", ', 400, 'BAD_JSON'],
      ['missing password', '{"username":"pinghu.home"}', 400, 'VALIDATION_FAILED'],
      ['wrong types', '{"username":42,"password":["x"]}', 400, 'VALIDATION_FAILED'],
      ['unknown field', '{"username":"a","password":"b","role":"admin"}', 400, 'VALIDATION_FAILED'],
      ['an array', '[]', 400, 'VALIDATION_FAILED'],
      ['empty body', '', 400, 'BAD_JSON'],
      ['wrong password', '{"username":"pinghu.home","password":"x"}', 401, 'AUTH_INVALID_CREDENTIALS'],
    ];
    for (const [label, body, status, code] of cases) {
      const response = await post(body);
      const json = (await response.json()) as { error: { code: string; message: string } };
      expect({ label, status: response.status, code: json.error.code }).toEqual({ label, status, code });
      expect(json.error.message.length).toBeGreaterThan(0);
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    const missing = (await (await post('{"username":"pinghu.home"}')).json()) as { error: { fields: { path: string }[] } };
    expect(missing.error.fields.map((f) => f.path)).toEqual(['password']);
    expect((await post('username=a&password=b', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await post(JSON.stringify({ username: 'a', password: 'x'.repeat(70_000) }))).status).toBe(413);
    expect((await health()).status).toBe('ok');
  });

  it('answers 401 on /api without a session, and serves /api/me with one', async () => {
    for (const path of ['/api', '/api/me', '/api/anything']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('AUTH_REQUIRED');
    }
    const cookie = await signInCookie(server, 'pinghu.home');
    const me = await fetch(`${server.url}/api/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ staff: { username: 'pinghu.home', role: 'home_clerk' }, console: '/home' });
    expect((await fetch(`${server.url}/api/nothing-here`, { headers: { cookie } })).status).toBe(404);
    const signOut = await fetch(`${server.url}/api/auth/sign-out`, { method: 'POST', headers: fromProductPage(server.url, cookie) });
    expect(signOut.status).toBe(204);
    expect((await fetch(`${server.url}/api/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('refuses the WebSocket without a session and validates every message with one', async () => {
    const wsUrl = `${server.url.replace('http', 'ws')}/ws`;
    const anonymous = new WebSocket(wsUrl);
    const [, response] = (await once(anonymous, 'unexpected-response')) as [unknown, { statusCode: number }];
    expect(response.statusCode).toBe(401);

    const cookie = await signInCookie(server, 'lianshui.local');
    const foreign = new WebSocket(wsUrl, { headers: { cookie, origin: 'http://127.0.0.1:9999' } });
    const [, refused] = (await once(foreign, 'unexpected-response')) as [unknown, { statusCode: number }];
    expect(refused.statusCode).toBe(403);
    const socket = new WebSocket(wsUrl, { headers: { cookie, origin: server.url } });
    await once(socket, 'open');
    const replies: unknown[] = [];
    socket.on('message', (data: Buffer) => replies.push(JSON.parse(data.toString())));
    const next = async () => {
      while (replies.length === 0) await new Promise((r) => setTimeout(r, 10));
      return replies.shift();
    };
    socket.send(JSON.stringify({ type: 'request', id: 1, method: 'hello', data: {} }));
    expect(await next()).toMatchObject({ type: 'response', id: 1, ok: true, data: { staff: { username: 'lianshui.local' } } });
    socket.send('not json');
    expect(await next()).toMatchObject({ id: null, ok: false, error: { code: 'BAD_JSON' } });
    socket.send(JSON.stringify({ type: 'request', id: 2, method: 'launchMissiles', data: {} }));
    expect(await next()).toMatchObject({ id: 2, ok: false, error: { code: 'UNKNOWN_METHOD' } });
    socket.send(JSON.stringify({ type: 'request', id: 3, method: 'hello', data: { client: 7 } }));
    expect(await next()).toMatchObject({ id: 3, ok: false, error: { code: 'VALIDATION_FAILED' } });
    socket.send(JSON.stringify({ type: 'nonsense' }));
    expect(await next()).toMatchObject({ id: null, ok: false, error: { code: 'BAD_MESSAGE' } });
    socket.send(JSON.stringify({ type: 'request', id: 4, method: 'hello' }));
    expect(await next()).toMatchObject({ id: 4, ok: true });
    socket.close();
  });
});

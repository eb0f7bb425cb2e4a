/**
 * Sign-in against the real server from several loopback addresses: a flood from one address is
 * refused with 429 before it reaches scrypt, an address that guessed wrong waits while the clerk signs
 * in from another, and an unknown username is answered exactly as a known one, on the API and the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../support/tables';
import { requestFrom, signInFrom } from '../support/fromAddress';
import { startTestServer, type TestServer } from '../support/testServer';

describe('sign-in limits', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('refuses a flood of sign-ins from one address with 429 and still signs in a clerk elsewhere', async () => {
    const flood = await Promise.all(Array.from({ length: 40 }, () => signInFrom('127.0.0.2', server.url, 'nobody', 'guess')));
    const busy = flood.filter((r) => r.status === 429);
    // Two in flight per address and 20 a minute: at least 20 of the 40 never reach scrypt (36–38 here).
    expect(busy.length).toBeGreaterThanOrEqual(20);
    expect(busy[0]!.json()).toEqual({ error: { code: 'AUTH_BUSY', message: '登录请求过多，请稍后再试。' } });
    const clerk = await signInFrom('127.0.0.3', server.url, 'pinghu.home', 'Window@2026');
    expect(clerk.status).toBe(200);
  });

  it('makes a guessing address wait, lets the clerk in from their own, and answers unknown names alike', async () => {
    const answers = async (username: string) => {
      const list: string[] = [];
      for (let i = 0; i < 6; i++) {
        const response = await signInFrom('127.0.0.4', server.url, username, `wrong-${i}`);
        list.push(`${response.status} ${response.text}`);
      }
      return list;
    };
    const known = await answers('lianshui.home');
    const unknown = await answers('lianshui.homes');
    expect(known).toEqual(unknown);
    expect(known.slice(0, 5).every((a) => a.startsWith('401') && a.includes('AUTH_INVALID_CREDENTIALS'))).toBe(true);
    expect(known[5]).toBe('429 {"error":{"code":"AUTH_TOO_MANY_FAILURES","message":"登录失败次数过多，请 15 分钟后再试。"}}');

    // The right password from the guessing address waits too; from the clerk's own address it works.
    expect((await signInFrom('127.0.0.4', server.url, 'lianshui.home', 'Window@2026')).status).toBe(429);
    expect((await signInFrom('127.0.0.5', server.url, 'lianshui.home', 'Window@2026')).status).toBe(200);

    // The sign-in page's form goes through the same limits.
    const page = await requestFrom('127.0.0.4', `${server.url}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: server.url },
      body: 'username=lianshui.home&password=Window%402026',
    });
    expect(page.status).toBe(429);
    expect(page.text).toContain('登录失败次数过多');

    const blocks = (await server.services.database.db
      .select()
      .from(auditLog)
      .orderBy(auditLog.id))
      .filter((row) => row.action === 'sign_in.blocked' && (row.after as { ip: string }).ip === '127.0.0.4');
    expect(blocks.map((row) => [row.entityId, (row.after as { scope: string }).scope])).toEqual([
      ['lianshui.home', 'address_name'],
      ['lianshui.homes', 'address_name'],
    ]);
  });
});

/**
 * Two nodes sharing one database (issue 20): the e2e server (node A, its data directory) and a second
 * server process (node B) on the same data directory. The local clerk's page is served by A, the home
 * clerk's by B; the home clerk accepts on B, so the session's room is B's, and the local page is sent
 * there for its media: they see and hear each other. Then B is killed (SIGKILL): its lease lapses, A
 * makes the room anew, the local page goes back to A by itself, and the home clerk, now on A, holds the
 * call again.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { idCheckDigit } from '../../signaling/src/protocol/idNumber';
import type { SessionView } from '../../signaling/src/protocol/sessions';
import type { RunningServer } from '../../signaling/src/server';
import { ServerProcess } from '../support/serverProcess';
import { signInCookie } from '../support/testServer';
import { pageApi } from '../support/pageApi';
import { recordingNoticePath } from '../support/recordingNotice';
import { expectRising, PINGHU } from './callHelpers';
import { expect, signIn, test } from './fixtures';

interface Health {
  node: string;
  nodes: { id: string; publicUrl: string; heartbeatAgeMs: number; rooms: string[] }[];
}

const nodeA = `http://127.0.0.1:${process.env.VW_E2E_PORT ?? 3210}`;
/** An administrator's sign-in on node A: good on every node (one database). */
let admin: Promise<string> | undefined;
/** /api/health as an administrator sees it (anyone else gets only the status). */
const health = async (url: string) => {
  admin ??= signInCookie({ url: nodeA } as RunningServer, 'admin');
  return (await (await fetch(`${url}/api/health`, { headers: { cookie: await admin } })).json()) as Health;
};
const roomsOn = async (url: string) => {
  const listed = await health(url);
  return listed.nodes.find((node) => node.id === listed.node)?.rooms ?? [];
};

async function openAs(browser: Browser, username: string, base: string, consolePath: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await signIn(page, username, consolePath);
  return { context, page };
}

test.describe('two nodes', () => {
  test.describe.configure({ timeout: 180_000 });
  let b: ServerProcess;

  test.beforeAll(async () => {
    b = new ServerProcess({
      VWINDOW_DATA_DIR: process.env.VW_E2E_DATA_DIR!,
      VWINDOW_SEED: 'none',
      VWINDOW_WORKERS: '1',
      VWINDOW_RTC_PORT_BASE: String(Number(process.env.VW_E2E_RTC_PORT_BASE ?? 42000) + 100),
      VWINDOW_RECORDING: 'off',
    });
    await b.start();
    // A sees B among the live nodes (its pages may then connect there) within a heartbeat or two.
    await expect.poll(async () => (await health(nodeA)).nodes.map((node) => node.publicUrl).sort(), { timeout: 10_000 }).toEqual([nodeA, b.url].sort());
  });
  test.afterAll(async () => {
    await b?.dispose();
  });

  test('a call with the clerks on different nodes, and after the room’s node is killed', async ({ browser, consoleGuard }) => {
    consoleGuard.allow(
      new RegExp(`WebSocket connection to '${b.url.replace('http', 'ws')}/ws' failed: .*ERR_CONNECTION_REFUSED`),
      'the local page tries the killed node while its lease has not lapsed yet (Chromium prints each refused WebSocket)',
    );
    const local = await openAs(browser, 'lianshui.local', nodeA, '/local');
    const home = await openAs(browser, 'pinghu.home', b.url, '/home');
    let homeAgain: { context: BrowserContext; page: Page } | undefined;
    try {
      const catalog = await pageApi<{ matters: { id: number }[] }>(local.page, 'GET', `/api/catalog/matters?jurisdiction=${PINGHU}`);
      const first17 = '33048219880315123';
      const started = await pageApi<{ session: SessionView }>(local.page, 'POST', '/api/sessions', {
        citizenName: '陈先生',
        citizenIdNumber: first17 + idCheckDigit(first17),
        citizenPhone: '13800138000',
        homeJurisdictionCode: PINGHU,
        matterId: catalog.body.matters[0]!.id,
      });
      expect(started.status).toBe(201);
      const sessionId = started.body.session.id;
      expect((await pageApi(local.page, 'POST', recordingNoticePath(sessionId))).status).toBe(201);
      // Accepted on B: the room is made there.
      expect((await pageApi(home.page, 'POST', `/api/sessions/${sessionId}/accept`)).status).toBe(200);
      await expect.poll(() => roomsOn(b.url), { timeout: 10_000 }).toEqual([sessionId]);

      const acceptedAt = Date.now();
      await Promise.all([local.page.goto(`/local/sessions/${sessionId}`), home.page.goto(`/home/sessions/${sessionId}`)]);
      // The local page (served by A) joined the room on B: frames decoded both ways.
      await Promise.all([expectRising(local.page, 'camera'), expectRising(home.page, 'camera'), expectRising(local.page, 'microphone'), expectRising(home.page, 'microphone')]);
      console.info(`clerks on two nodes: media both ways ${Date.now() - acceptedAt} ms after opening the session pages`);

      // B killed mid-call: A makes the room anew once B's lease lapses.
      const killedAt = Date.now();
      await b.stop('SIGKILL');
      await home.context.close().catch(() => undefined);
      await expect.poll(() => roomsOn(nodeA), { timeout: 10_000, intervals: [250] }).toEqual([sessionId]);
      console.info(`room re-created on node A ${Date.now() - killedAt} ms after node B was killed`);

      // The home clerk comes back through A; the local page went back to A by itself: media both ways.
      homeAgain = await openAs(browser, 'pinghu.home', nodeA, '/home');
      await homeAgain.page.goto(`/home/sessions/${sessionId}`);
      await Promise.all([expectRising(local.page, 'camera'), expectRising(homeAgain.page, 'camera'), expectRising(homeAgain.page, 'microphone')]);
      console.info(`media both ways through node A ${Date.now() - killedAt} ms after node B was killed`);
    } finally {
      await Promise.all([local.context.close(), home.context.close().catch(() => undefined), homeAgain?.context.close()]);
    }
  });
});

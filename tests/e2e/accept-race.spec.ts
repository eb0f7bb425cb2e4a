/**
 * A quick 受理 never leaves the local window on 正在等待属地窗口受理: the page data reload its signaling
 * connection starts on connecting may come back after the push that says the session started, and
 * must not undo it (the session page shows the newest view of the two).
 */
import type { Page } from '@playwright/test';
import type { SessionView } from '../../signaling/src/protocol/sessions';
import { idNumberFor, signedIn, expect, test, productApi } from './fixtures';
import { recordingNoticePath } from '../support/recordingNotice';

const WAITING_TEXT = '正在等待属地窗口受理';

const idNumber = (sequence: number) => idNumberFor('32082619900101', sequence);

/** Starts a waiting session for Pinghu through the API, as the local clerk. */
async function startSession(local: Page, sequence: number): Promise<string> {
  const matters = (await (await local.request.get('/api/catalog/matters?jurisdiction=330482')).json()) as { matters: { id: number }[] };
  const response = await productApi(local).post('/api/sessions', {
    data: { citizenName: '韩梅', citizenIdNumber: idNumber(sequence), citizenPhone: '13912345678', homeJurisdictionCode: '330482', matterId: matters.matters[0]!.id },
  });
  expect(response.status()).toBe(201);
  const id = ((await response.json()) as { session: SessionView }).session.id;
  expect((await productApi(local).post(recordingNoticePath(id))).status()).toBe(201);
  return id;
}

async function settle(page: Page, id: string): Promise<void> {
  const response = await page.request.get(`/api/sessions/${id}`);
  if (!response.ok()) return;
  const { session } = (await response.json()) as { session: SessionView };
  if (session.status === 'waiting') await productApi(page).post(`/api/sessions/${id}/cancel`);
  if (session.status === 'active') await productApi(page).post(`/api/sessions/${id}/end`);
}

/** The call view is up (its chat box) and the waiting text is gone, and stays gone. */
async function expectInCall(page: Page): Promise<void> {
  await expect(page.getByLabel('消息内容')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByText(WAITING_TEXT)).toBeHidden();
}

test.describe('a quick accept', () => {
  test('a page reload that returns after the push that the session started does not undo it', async ({ browser }) => {
    const home = await signedIn(browser, 'pinghu.home', '/home');
    const local = await signedIn(browser, 'lianshui.local', '/local');
    let id = '';
    try {
      id = await startSession(local.page, 901);
      // Remember when the page hears that the session started.
      let heardActive = false;
      local.page.on('websocket', (socket) =>
        socket.on('framereceived', ({ payload }) => {
          const text = String(payload);
          if (text.includes('"session.updated"') && text.includes(id) && text.includes('"status":"active"')) heardActive = true;
        }),
      );
      // The reload started when the connection opens is answered (as of before the accept) only after
      // the accept's push has arrived.
      let reloads = 0;
      await local.page.route(`**/local/sessions/${id}/__data.json**`, async (route) => {
        reloads++;
        const stale = await route.fetch();
        expect((await productApi(home.page).post(`/api/sessions/${id}/accept`)).ok()).toBe(true);
        await expect.poll(() => heardActive, { timeout: 10_000 }).toBe(true);
        await route.fulfill({ response: stale });
      });
      await local.page.goto(`/local/sessions/${id}`);
      await expect.poll(() => reloads, { timeout: 10_000 }).toBeGreaterThan(0);
      await expectInCall(local.page);
      await local.page.waitForTimeout(1000);
      await expect(local.page.getByText(WAITING_TEXT)).toBeHidden();
    } finally {
      if (id) await settle(local.page, id);
      await Promise.all([home.context.close(), local.context.close()]);
    }
  });

  test('30 quick accepts in a row: none leaves the waiting page stuck', async ({ browser }) => {
    test.setTimeout(300_000);
    const home = await signedIn(browser, 'pinghu.home', '/home');
    const local = await signedIn(browser, 'lianshui.local', '/local');
    let id = '';
    try {
      for (let i = 0; i < 30; i++) {
        id = await startSession(local.page, 910 + i);
        await local.page.goto(`/local/sessions/${id}`);
        // Accepted as soon as the page's connection is up, while the reload it starts is on its way.
        await expect(local.page.locator('[data-live="connected"]')).toBeVisible();
        expect((await productApi(home.page).post(`/api/sessions/${id}/accept`)).ok()).toBe(true);
        await expectInCall(local.page);
        expect((await productApi(home.page).post(`/api/sessions/${id}/end`)).ok()).toBe(true);
        id = '';
      }
    } finally {
      if (id) await settle(local.page, id);
      await Promise.all([home.context.close(), local.context.close()]);
    }
  });

  test('the home queue shows, live, when the local window that started a session has gone', async ({ browser }) => {
    const home = await signedIn(browser, 'pinghu.home', '/home');
    const local = await signedIn(browser, 'lianshui.local', '/local');
    let id = '';
    try {
      id = await startSession(local.page, 960);
      // The waiting page is the local window: it keeps the signaling connection open.
      await local.page.goto(`/local/sessions/${id}`);
      await expect(local.page.locator('[data-live="connected"]')).toBeVisible();
      const row = home.page.locator(`tr[data-session-id="${id}"]`);
      await expect(row).toBeVisible();
      await expect(row.getByText('收件窗口已离开')).toHaveCount(0);
      await local.page.close();
      await expect(row.getByText('收件窗口已离开')).toBeVisible();
    } finally {
      if (id) await productApi(local.context).post(`/api/sessions/${id}/cancel`);
      await Promise.all([home.context.close(), local.context.close()]);
    }
  });
});

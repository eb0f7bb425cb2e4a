/**
 * The session flow through the pages: a local clerk starts a session with the form, it waits in the
 * home jurisdiction's queue, a home clerk accepts it (one of two at once), or the local clerk cancels.
 * Every test makes its own sessions and leaves none waiting, so that each new one is first in line.
 */
import { type Page, type WebSocketRoute } from '@playwright/test';
import { maskIdNumber } from '../../signaling/src/protocol/idNumber';
import type { SessionView } from '../../signaling/src/protocol/sessions';
import type { Page as ListPage } from '../../signaling/src/protocol/paging';
import { account, idNumberFor, signIn, signedIn, expect, test, productApi } from './fixtures';

const PINGHU = '330482';
const MATTER = '住房公积金提取（异地购房）';
const WAITING_TEXT = '正在等待属地窗口受理';

/** A valid ID number whose sequence digits make it unique to a test. */
const idNumber = (sequence: number) => idNumberFor('32082619880512', sequence);

/** The local console's form, filled the way a clerk does once the page is interactive. */
async function fillStartForm(page: Page, citizen: { name: string; idNumber: string }): Promise<void> {
  await page.goto('/local');
  // The searchable matter list replaces the plain select once JavaScript runs.
  await expect(page.getByRole('searchbox', { name: '搜索事项' })).toBeVisible();
  await page.getByLabel('申请人姓名').fill(citizen.name);
  await page.getByLabel('身份证号码').fill(citizen.idNumber);
  await page.getByLabel('联系电话').fill('13912345678');
  await page.getByLabel('属地（办理地）').selectOption(PINGHU);
  await page.getByRole('searchbox', { name: '搜索事项' }).fill('公积金');
  await page.getByRole('radio', { name: new RegExp(MATTER.replace(/[()（）]/g, '.')) }).check();
  await expect(page.getByRole('heading', { name: '申请材料清单' })).toBeVisible();
}

/** Starts a session through the form; returns its id once the waiting page shows. */
async function startSession(page: Page, citizen: { name: string; idNumber: string }): Promise<string> {
  await fillStartForm(page, citizen);
  await page.getByRole('button', { name: '发起视频会话' }).click();
  await expect(page).toHaveURL(/\/local\/sessions\/[0-9a-f-]{36}$/);
  await expect(page.getByText(WAITING_TEXT)).toBeVisible();
  // The citizen was told 本次服务全程录音录像: only then may a home clerk accept.
  await page.getByRole('button', { name: '已告知群众，确认' }).click();
  await expect(page.getByTestId('recording-notice-confirmed')).toBeVisible();
  return page.url().split('/').at(-1) ?? '';
}

async function sessionCount(page: Page): Promise<number> {
  const response = await page.request.get('/api/sessions');
  expect(response.ok()).toBe(true);
  return ((await response.json()) as ListPage<SessionView>).items.length;
}

/** Leaves no session waiting or active behind, whichever state the test left it in. */
async function settle(page: Page, id: string): Promise<void> {
  const response = await page.request.get(`/api/sessions/${id}`);
  if (!response.ok()) return;
  const { session } = (await response.json()) as { session: SessionView };
  if (session.status === 'waiting') await productApi(page).post(`/api/sessions/${id}/cancel`);
  if (session.status === 'active') await productApi(page).post(`/api/sessions/${id}/end`);
}

const queueRow = (page: Page, id: string) => page.locator(`tr[data-session-id="${id}"]`);
const live = (page: Page) => page.locator('[data-live="connected"]');

test.describe('session flow', () => {
  test.describe.configure({ timeout: 60_000 });

  test('a local clerk starts a session with the form; it waits first in line and the home queue shows it without a reload', async ({
    browser,
  }, testInfo) => {
    const home = await signedIn(browser, 'pinghu.home', '/home');
    const local = await signedIn(browser, 'lianshui.local', '/local');
    let id = '';
    try {
      await expect(live(home.page)).toBeVisible();
      const citizen = { name: '陈晓明', idNumber: idNumber(101) };
      await fillStartForm(local.page, citizen);
      await local.page.screenshot({ path: testInfo.outputPath('local-form.png'), fullPage: true });
      await local.page.getByRole('button', { name: '发起视频会话' }).click();
      await expect(local.page).toHaveURL(/\/local\/sessions\/[0-9a-f-]{36}$/);
      id = local.page.url().split('/').at(-1) ?? '';

      await expect(local.page.getByText(MATTER).first()).toBeVisible();
      const waited = local.page.getByTestId('waited');
      const before = await waited.textContent();
      await expect(waited).not.toHaveText(before ?? '', { timeout: 3_000 });

      // The home clerk's page was open all along: the row arrives by push, masked.
      const row = queueRow(home.page, id);
      await expect(row).toBeVisible();
      await expect(row).toContainText('陈**');
      await expect(row).toContainText(maskIdNumber(citizen.idNumber));
      await expect(row).not.toContainText(citizen.idNumber);
      await expect(row).toContainText(MATTER);
      await expect(row).toContainText(account('lianshui.local').servicePointName ?? '涟水县');
      // Both sides agree on the place in line (first, unless another run's session waits ahead).
      const position = (await row.locator('td').first().textContent())?.trim();
      expect(position).toMatch(/^\d+$/);
      await expect(local.page.getByTestId('queue-position')).toHaveText(`第 ${position} 位`);
      await local.page.screenshot({ path: testInfo.outputPath('local-waiting.png'), fullPage: true });
      await home.page.screenshot({ path: testInfo.outputPath('home-queue.png'), fullPage: true });

      // The local console lists it under 我的视频会话, waiting.
      await local.page.goto('/local');
      await expect(local.page.locator(`tr[data-session-id="${id}"]`)).toContainText('排队中');
      await local.page.getByRole('heading', { name: '我的视频会话' }).scrollIntoViewIfNeeded();
      await local.page.screenshot({ path: testInfo.outputPath('local-my-sessions.png') });
    } finally {
      if (id) await settle(local.page, id);
      await Promise.all([home.context.close(), local.context.close()]);
    }
  });

  test('a wrong check digit names the expected digit, and nothing is started', async ({ page }, testInfo) => {
    await signIn(page, 'lianshui.local', '/local');
    const count = await sessionCount(page);
    const good = idNumber(202);
    const expected = good.at(-1) ?? '';
    const wrong = good.slice(0, 17) + (expected === '0' ? '1' : '0');

    await fillStartForm(page, { name: '李四', idNumber: wrong });
    const message = `身份证号码校验位错误：第 18 位应为 ${expected}，请核对号码。`;
    await expect(page.getByText(message)).toBeVisible();
    await expect(page.getByLabel('身份证号码')).toHaveAttribute('aria-invalid', 'true');

    await page.getByRole('button', { name: '发起视频会话' }).click();
    await expect(page.getByRole('alert')).toHaveText('请检查下面标出的内容。');
    await expect(page.getByText(message)).toBeVisible();
    await expect(page).toHaveURL('/local');
    expect(await sessionCount(page)).toBe(count);
    await page.screenshot({ path: testInfo.outputPath('local-form-refused.png'), fullPage: true });

    // Correcting the digit clears the message at once.
    await page.getByLabel('身份证号码').fill(good);
    await expect(page.getByText(message)).toBeHidden();
    await expect(page.getByText('号码校验通过')).toBeVisible();
  });

  test('a pasted 19-character ID number is shown whole and refused with a sentence; nothing is sent', async ({ page }) => {
    await signIn(page, 'lianshui.local', '/local');
    const count = await sessionCount(page);
    const tooLong = `${idNumber(203)}7`;
    await fillStartForm(page, { name: '李四', idNumber: tooLong });
    const field = page.getByLabel('身份证号码');
    await expect(field).toHaveValue(tooLong);
    const message = '身份证号码应为 18 位，现在是 19 位：请删去多余的字符后再发起。';
    await expect(page.getByText(message)).toBeVisible();
    await expect(field).toHaveAttribute('aria-invalid', 'true');

    const posts: string[] = [];
    page.on('request', (request) => request.method() === 'POST' && posts.push(request.url()));
    await page.getByRole('button', { name: '发起视频会话' }).click();
    await expect(field).toBeFocused();
    await expect(page.getByText(message)).toBeVisible();
    await expect(page).toHaveURL('/local');
    expect(posts).toEqual([]);
    expect(await sessionCount(page)).toBe(count);
  });

  test('two home clerks accept the same session at once: one gets the call, the other is told', async ({ browser }, testInfo) => {
    const local = await signedIn(browser, 'lianshui.local', '/local');
    const [first, second] = await Promise.all([
      signedIn(browser, 'pinghu.home', '/home'),
      signedIn(browser, 'pinghu.home2', '/home'),
    ]);
    let id = '';
    try {
      id = await startSession(local.page, { name: '王芳', idNumber: idNumber(303) });
      const pages = [first.page, second.page];
      await Promise.all(pages.map((page) => expect(queueRow(page, id)).toBeVisible()));

      // 受理 goes over the live connection: hold both requests until both are on their way, so that
      // the server really gets them together.
      let arrived = 0;
      let release = (): void => {};
      const together = new Promise<void>((resolve) => (release = resolve));
      const holdAccepts = (socket: WebSocketRoute): void => {
        const server = socket.connectToServer();
        socket.onMessage(async (message) => {
          if (typeof message === 'string' && message.includes('"method":"session.accept"')) {
            arrived += 1;
            if (arrived === 2) release();
            await together;
          }
          server.send(message);
        });
      };
      for (const page of pages) {
        await page.routeWebSocket(/\/ws$/, holdAccepts);
        await page.reload();
        await expect(live(page)).toBeVisible();
        await expect(queueRow(page, id)).toBeVisible();
      }
      await Promise.all(pages.map((page) => queueRow(page, id).getByRole('button', { name: /^受理/ }).click()));

      const sessionUrl = new RegExp(`/home/sessions/${id}$`);
      await expect
        .poll(() => pages.filter((page) => sessionUrl.test(page.url())).length, { timeout: 10_000 })
        .toBe(1);
      const loser = pages.find((page) => !sessionUrl.test(page.url()));
      if (!loser) throw new Error('both clerks landed on the session');
      await expect(loser.getByRole('alert')).toHaveText('该视频会话已被其他属地窗口受理。');
      await expect(loser).toHaveURL('/home');
      await expect(queueRow(loser, id)).toHaveCount(0);
      // The loser's console goes on standing by for the next session.
      await expect(loser.getByTestId('camera-preview-state')).toHaveAttribute('data-ready', 'true');
      expect(arrived).toBe(2);
      await loser.screenshot({ path: testInfo.outputPath('home-taken.png') });
    } finally {
      if (id) await settle(local.page, id);
      await Promise.all([local.context.close(), first.context.close(), second.context.close()]);
    }
  });

  test('when the connection drops right after 受理 was taken, the home clerk still lands in the call', async ({ browser }) => {
    const local = await signedIn(browser, 'lianshui.local', '/local');
    const home = await signedIn(browser, 'pinghu.home', '/home');
    let id = '';
    try {
      // The server takes the session, but its answer never reaches the page: the socket closes instead.
      let acceptId: number | null = null;
      await home.page.routeWebSocket(/\/ws$/, (socket) => {
        const server = socket.connectToServer();
        socket.onMessage((message) => {
          if (typeof message === 'string' && message.includes('"method":"session.accept"')) acceptId = (JSON.parse(message) as { id: number }).id;
          server.send(message);
        });
        server.onMessage((message) => {
          if (acceptId !== null && typeof message === 'string' && message.startsWith('{"type":"response","id":' + acceptId + ',')) {
            acceptId = null;
            void socket.close();
            return;
          }
          socket.send(message);
        });
      });
      await home.page.reload();
      await expect(live(home.page)).toBeVisible();
      id = await startSession(local.page, { name: '孙丽', idNumber: idNumber(606) });
      await queueRow(home.page, id).getByRole('button', { name: /^受理/ }).click();

      await expect(home.page).toHaveURL(`/home/sessions/${id}`);
      await expect(home.page.getByRole('alert')).toHaveCount(0);
      // The call view comes up on both sides (its chat box is there).
      await expect(local.page.getByLabel('消息内容')).toBeVisible();
      await expect(home.page.getByLabel('消息内容')).toBeVisible();
    } finally {
      if (id) await settle(local.page, id);
      await Promise.all([home.context.close(), local.context.close()]);
    }
  });

  test('the local clerk cancels a waiting session and the home queue drops it live', async ({ browser }, testInfo) => {
    const home = await signedIn(browser, 'pinghu.home', '/home');
    const local = await signedIn(browser, 'lianshui.local', '/local');
    let id = '';
    try {
      await expect(live(home.page)).toBeVisible();
      id = await startSession(local.page, { name: '赵敏', idNumber: idNumber(404) });
      await expect(queueRow(home.page, id)).toBeVisible();

      await expect(local.page.getByRole('region', { name: '本机摄像头' }).getByRole('status')).toHaveText('已就绪');
      await local.page.getByRole('button', { name: '取消会话' }).click();
      await expect(local.page.getByRole('heading', { name: '视频会话已取消' })).toBeVisible();
      // Standing by ends with the session: the camera preview goes with it.
      await expect(local.page.getByRole('region', { name: '本机摄像头' })).toHaveCount(0);
      await expect(local.page.getByText(WAITING_TEXT)).toBeHidden();
      const summary = local.page.getByRole('region', { name: '视频会话已取消' });
      await expect(summary).toContainText('取消人');
      await expect(summary).toContainText(account('lianshui.local').displayName);
      await expect(queueRow(home.page, id)).toHaveCount(0);
      await local.page.screenshot({ path: testInfo.outputPath('local-cancelled.png'), fullPage: true });
    } finally {
      if (id) await settle(local.page, id);
      await Promise.all([home.context.close(), local.context.close()]);
    }
  });

  test('the waiting page turns into the call when a home clerk accepts, without a reload', async ({ browser }, testInfo) => {
    const home = await signedIn(browser, 'pinghu.home', '/home');
    const local = await signedIn(browser, 'lianshui.local', '/local');
    let id = '';
    try {
      id = await startSession(local.page, { name: '周杰', idNumber: idNumber(505) });
      await expect(live(local.page)).toBeVisible();
      const sessionPath = `/local/sessions/${id}`;
      // While it waits, the local window stands by with its camera connected, and the home console has
      // its own camera ready: both say 已就绪 under a picture that plays.
      for (const page of [local.page, home.page]) {
        const preview = page.getByRole('region', { name: '本机摄像头' });
        await expect(preview.getByRole('status').filter({ hasText: '已就绪' })).toBeVisible();
        await expect.poll(() => preview.locator('video').evaluate((video: HTMLVideoElement) => video.videoWidth)).toBeGreaterThan(0);
        // Its receiving transport is connected too (by the room's data channel), before there is anything to receive.
        await expect.poll(() => page.evaluate(() => performance.getEntriesByName('vwindow:recv:connected').length)).toBeGreaterThan(0);
        // And it holds the other clerk's camera already, paused on the server (a consumer made ahead).
        await expect.poll(() => page.evaluate(() => performance.getEntriesByName('vwindow:ahead:camera').length)).toBeGreaterThan(0);
      }

      // 受理 shows the local window's camera on the console at once (已受理，正在接通); the session page then
      // shows that same video element, still playing, rather than starting the picture again. The local
      // waiting page, told of the accept, likewise shows the home clerk's camera alone before the call.
      await local.page.evaluate(() => {
        new MutationObserver(() => {
          const video = document.querySelector<HTMLVideoElement>('[data-testid="connecting-camera"] video');
          const waiting = document.querySelector('[data-testid="queue-position"]')?.textContent?.includes('已受理，正在接通');
          if (video && !video.dataset.fromWaiting) video.dataset.fromWaiting = waiting ? 'shown' : 'not-waiting';
        }).observe(document.body, { childList: true, subtree: true });
      });
      await home.page.evaluate(() => {
        new MutationObserver(() => {
          const connecting = document.querySelector('[data-testid="connecting-call"]');
          const video = connecting?.querySelector('video');
          if (video && !video.dataset.fromConsole) video.dataset.fromConsole = connecting?.textContent?.includes('已受理，正在接通') ? 'shown' : 'untitled';
        }).observe(document.body, { childList: true, subtree: true });
      });
      await queueRow(home.page, id).getByRole('button', { name: /^受理/ }).click();
      await expect(home.page).toHaveURL(`/home/sessions/${id}`);
      const localCamera = home.page.locator('video[aria-label^="收件窗口"]');
      await expect(localCamera).toHaveAttribute('data-from-console', 'shown');
      const framesShown = () => localCamera.evaluate((video: HTMLVideoElement) => (video.paused ? -1 : video.getVideoPlaybackQuality().totalVideoFrames));
      const before = await framesShown();
      expect(before).toBeGreaterThan(0);
      await expect.poll(framesShown).toBeGreaterThan(before);
      await expect(home.page.getByTestId('connecting-call')).toHaveCount(0);

      await expect(local.page.getByText(WAITING_TEXT)).toBeHidden();
      await expect(local.page).toHaveURL(sessionPath);
      // Both pages drew the camera they held ahead: nothing was set up after the click.
      for (const page of [local.page, home.page]) {
        await expect.poll(() => page.evaluate(() => performance.getEntriesByName('vwindow:consume-ahead:camera').length)).toBe(1);
        expect(await page.evaluate(() => performance.getEntriesByName('vwindow:consume-start:camera').length)).toBe(0);
      }
      const homeCamera = local.page.locator('video[aria-label^="属地窗口"]');
      await expect(homeCamera).toHaveJSProperty('paused', false);
      await expect(homeCamera).toHaveAttribute('data-from-waiting', 'shown');
      await expect(local.page.getByTestId('connecting-camera')).toHaveCount(0);
      // An element of the call view: its chat box.
      await expect(local.page.getByLabel('消息内容')).toBeVisible();

      // The home clerk ends it: the call says so and the record of the session follows below it.
      expect((await productApi(home.page).post(`/api/sessions/${id}/end`)).ok()).toBe(true);
      const record = local.page.getByRole('region', { name: '会话记录' });
      await expect(record).toContainText('已结束');
      await expect(record).toContainText(account('pinghu.home').displayName);
      await local.page.screenshot({ path: testInfo.outputPath('local-ended.png'), fullPage: true });
    } finally {
      if (id) await settle(local.page, id);
      await Promise.all([home.context.close(), local.context.close()]);
    }
  });

  test('a supervisor sees the session in progress under their jurisdiction and listens in', async ({ browser }, testInfo) => {
    const local = await signedIn(browser, 'lianshui.local', '/local');
    const home = await signedIn(browser, 'pinghu.home', '/home');
    const supervisor = await signedIn(browser, 'pinghu.supervisor', '/supervise');
    let id = '';
    try {
      id = await startSession(local.page, { name: '吴刚', idNumber: idNumber(707) });
      await queueRow(home.page, id).getByRole('button', { name: /^受理/ }).click();
      await expect(home.page).toHaveURL(`/home/sessions/${id}`);

      await supervisor.page.reload();
      const active = supervisor.page.getByRole('region', { name: '进行中的视频会话' });
      const row = active.locator(`tr[data-session-id="${id}"]`);
      await expect(row).toContainText(MATTER);
      await expect(row).toContainText(account('pinghu.home').servicePointName ?? '平湖市');
      await supervisor.page.screenshot({ path: testInfo.outputPath('supervise.png'), fullPage: true });
      await row.getByRole('link', { name: /^旁听/ }).click();
      await expect(supervisor.page).toHaveURL(`/supervise/sessions/${id}`);
      await expect(supervisor.page.getByText('您正在以监督身份旁听本次视频会话')).toBeVisible();
    } finally {
      if (id) await settle(local.page, id);
      await Promise.all([local.context.close(), home.context.close(), supervisor.context.close()]);
    }
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('the form starts a session with the plain matter select, and the waiting page cancels it', async ({ page, consoleGuard }) => {
      consoleGuard.allow(/status of 400 \(Bad Request\)/, 'the wrong ID numbers the test posts on purpose');
      await signIn(page, 'lianshui.local', '/local');
      await page.getByLabel('申请人姓名').fill('孙丽');
      await page.getByLabel('身份证号码').fill(idNumber(606).slice(0, 17) + 'Y');
      await page.getByLabel('联系电话').fill('0573-85012345');
      await page.getByLabel('属地（办理地）').selectOption(PINGHU);
      const matterValue = await page.locator('#matterId option', { hasText: MATTER }).getAttribute('value');
      await page.getByLabel('事项', { exact: true }).selectOption(matterValue ?? '');
      await page.getByRole('button', { name: '发起视频会话' }).click();

      // Refused: the typed values come back with the field's message.
      await expect(page.getByRole('alert')).toHaveText('请检查下面标出的内容。');
      await expect(page.getByText('身份证号码应为 18 位')).toBeVisible();
      await expect(page.getByLabel('申请人姓名')).toHaveValue('孙丽');

      // A 19-character number reaches the server whole (no maxlength cuts it) and is refused as it is.
      await page.getByLabel('身份证号码').fill(`${idNumber(606)}7`);
      await page.getByRole('button', { name: '发起视频会话' }).click();
      await expect(page.getByText('身份证号码应为 18 位，现在是 19 位：请删去多余的字符后再发起。')).toBeVisible();
      await expect(page.getByLabel('身份证号码')).toHaveValue(`${idNumber(606)}7`);

      await page.getByLabel('身份证号码').fill(idNumber(606));
      await page.getByRole('button', { name: '发起视频会话' }).click();
      await expect(page).toHaveURL(/\/local\/sessions\/[0-9a-f-]{36}$/);
      await expect(page.getByText(WAITING_TEXT)).toBeVisible();
      await expect(page.getByTestId('queue-position')).toHaveText(/^第 \d+ 位$/);

      await page.getByRole('button', { name: '取消会话' }).click();
      await expect(page.getByRole('heading', { name: '视频会话已取消' })).toBeVisible();
    });
  });
});

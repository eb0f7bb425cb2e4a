/**
 * Cases through the pages: the home clerk receives a session's case and accepts it on the case page,
 * prints the receipt whose QR code opens the public status page, takes it to 办结 and 送达 by mail;
 * the local clerk's list shows it delivered. Steps out of order are refused with the lifecycle's
 * sentence, another jurisdiction's clerk gets the 403 page, and the forms work without JavaScript.
 */
import type { Page } from '@playwright/test';
import QRCode from 'qrcode';
import type { CaseView } from '../../signaling/src/protocol/cases';
import { receiptQrOptions } from '../../apps/web/src/lib/server/receiptQr';
import { citizenId, endSession, readySession, receiveCase, shotPath, svgShape } from './caseHelpers';
import { signedIn, expect, test, productApi } from './fixtures';

/** Submits a form the page does not offer (as a stale tab or a hand-made request would) and lets the page answer. */
/**
 * Ends the session `sessionId` (its case panels stay) and clicks 受理办件（收件） on the home clerk's
 * session page while required materials are missing: the confirmation dialog listing them.
 */
async function receiveWithGaps(page: Page, sessionId: string) {
  expect((await productApi(page).post(`/api/sessions/${sessionId}/end`)).ok()).toBe(true);
  await page.goto(`/home/sessions/${sessionId}`);
  await page.getByRole('button', { name: '受理办件（收件）' }).click();
  const dialog = page.getByRole('dialog', { name: '材料尚不齐全，仍要受理办件（收件）吗？' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('li[data-gap="missing"]').first()).toHaveText(/^缺少：.+/);
  return dialog;
}

async function postAction(page: Page, action: string, fields: Record<string, string>): Promise<void> {
  await Promise.all([
    page.waitForURL((url) => url.search === `?/${action}`),
    page.evaluate(
      ({ action, fields }) => {
        const form = document.createElement('form');
        form.method = 'POST';
        form.action = `?/${action}`;
        for (const [name, value] of Object.entries(fields)) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      },
      { action, fields },
    ),
  ]);
}

const statusBadge = (page: Page) => page.locator('.title [data-case-status]');

test.describe('cases', () => {
  test.describe.configure({ timeout: 90_000 });

  test('receive, accept, receipt with a QR code to the public status, start, complete, deliver by mail; the local clerk sees it delivered', async ({
    browser,
    consoleGuard,
  }, testInfo) => {
    consoleGuard.allow(/status of 409 \(Conflict\)/, 'the 送达 before 办结 the test posts on purpose');
    const local = await signedIn(browser, 'lianshui.local', '/local');
    const home = await signedIn(browser, 'pinghu.home', '/home');
    const idNumber = citizenId(501);
    const { sessionId, matterName } = await readySession(local.page, home.page, idNumber);
    try {
      const received = await receiveCase(home.page, sessionId);
      const page = home.page;

      // 受理 on the case page.
      await page.goto(`/cases/${received.id}`);
      await expect(page.getByRole('heading', { level: 1 })).toContainText(received.caseNumber);
      await expect(statusBadge(page)).toHaveText('已收件');
      await page.getByRole('button', { name: '受理', exact: true }).click();
      await expect(page.getByRole('status')).toHaveText('已受理。');
      await expect(statusBadge(page)).toHaveText('已受理');
      await expect(page.getByText(/剩余 \d+ 个工作日/)).toBeVisible();
      await page.screenshot({ path: shotPath(testInfo.outputPath.bind(testInfo), 'case-page.png'), fullPage: true });

      // The receipt: case number, and a QR code of the absolute status address.
      await page.getByRole('link', { name: '打印受理回执' }).click();
      await expect(page).toHaveURL(`/cases/${received.id}/receipt`);
      await expect(page.getByRole('heading', { level: 1, name: '受理回执' })).toBeVisible();
      await expect(page.locator('[data-case-number]')).toHaveText(received.caseNumber);
      await expect(page.getByText(matterName).first()).toBeVisible();
      const qr = page.getByRole('img', { name: '办理进度查询二维码' });
      const statusUrl = await qr.getAttribute('data-url');
      expect(statusUrl).toBe(`${new URL(page.url()).origin}/status?number=${received.caseNumber}`);
      await expect(page.locator('[data-status-url]')).toHaveText(statusUrl!);
      const drawn = svgShape(await qr.evaluate((svg) => svg.outerHTML));
      expect(drawn.paths.length).toBeGreaterThan(0);
      expect(drawn).toEqual(svgShape(await QRCode.toString(statusUrl!, receiptQrOptions)));
      await page.screenshot({ path: shotPath(testInfo.outputPath.bind(testInfo), 'receipt.png'), fullPage: true });
      await page.emulateMedia({ media: 'print' });
      await expect(page.getByRole('button', { name: '打印' })).toBeHidden();
      await expect(page.getByRole('banner')).toBeHidden();
      await page.screenshot({ path: shotPath(testInfo.outputPath.bind(testInfo), 'receipt-print.png'), fullPage: true });
      await page.emulateMedia({ media: 'screen' });

      // The citizen, signed out, opens the QR code's address.
      const citizen = await browser.newContext();
      try {
        const status = await citizen.newPage();
        const response = await status.goto(statusUrl!);
        expect(response?.status()).toBe(200);
        await expect(status.getByRole('heading', { level: 1, name: '办件进度查询' })).toBeVisible();
        await expect(status.getByRole('button', { name: '退出登录' })).toHaveCount(0);
        await expect(status.getByLabel('办件编号')).toHaveValue(received.caseNumber);
        await status.getByLabel('身份证号后四位').fill('0000');
        await status.getByRole('button', { name: '查询' }).click();
        await expect(status.getByRole('alert')).toHaveText('未找到办件，请核对办件编号和身份证号后四位。');
        await status.getByLabel('身份证号后四位').fill(idNumber.slice(-4));
        await status.getByRole('button', { name: '查询' }).click();
        const result = status.getByRole('region', { name: '办理进度' });
        await expect(result.locator('[data-case-status]')).toHaveText('已受理');
        await expect(result).toContainText(matterName);
        await expect(result).toContainText('平湖市');
        await expect(status.locator('body')).not.toContainText('陈');
        await status.screenshot({ path: shotPath(testInfo.outputPath.bind(testInfo), 'status.png'), fullPage: true });
      } finally {
        await citizen.close();
      }

      // 开始办理; 送达 before 办结 is refused with the lifecycle's sentence; 办结; 送达 by mail.
      await page.goto(`/cases/${received.id}`);
      await page.getByRole('button', { name: '开始办理' }).click();
      await expect(statusBadge(page)).toHaveText('办理中');
      await postAction(page, 'deliver', { method: 'pickup' });
      await expect(page.getByRole('alert')).toHaveText('办件当前为「办理中」，不能执行「送达」。');
      await expect(statusBadge(page)).toHaveText('办理中');

      await page.goto(`/cases/${received.id}`);
      await page.getByLabel('办理结果').fill('准予提取，款项已转入申请人账户');
      await page.getByRole('button', { name: '办结' }).click();
      await expect(statusBadge(page)).toHaveText('已办结');
      await page.getByRole('radio', { name: '邮寄' }).check();
      await page.getByRole('button', { name: '送达' }).click();
      await expect(page.getByText('邮寄送达请填写快递单号')).toBeVisible();
      await page.getByLabel('快递单号').fill('SF1234567890');
      await page.getByRole('button', { name: '送达' }).click();
      await expect(statusBadge(page)).toHaveText('已送达');
      await expect(page.getByText('邮寄，快递单号 SF1234567890')).toBeVisible();
      await expect(page.getByRole('region', { name: '办理' }).getByText('办件当前为「已送达」，无需继续办理。', { exact: true })).toBeVisible();
      const timeline = page.getByRole('region', { name: '办理过程' });
      for (const title of ['发起视频会话', '材料采集：其他材料', '身份核验通过', '收件（已收件）', '受理（已受理）', '开始办理（办理中）', '办结（已办结）', '送达（已送达）']) {
        await expect(timeline.getByText(title, { exact: true })).toBeVisible();
      }

      // The local clerk's list shows it delivered, also under the status filter.
      await local.page.goto('/cases');
      const row = local.page.locator(`tr[data-case-id="${received.id}"]`);
      await expect(row).toContainText(received.caseNumber);
      await expect(row.locator('[data-case-status]')).toHaveText('已送达');
      await local.page.getByLabel('状态').selectOption('delivered');
      await local.page.getByRole('button', { name: '筛选' }).click();
      await expect(local.page).toHaveURL(/\/cases\?status=delivered/);
      await expect(local.page.locator(`tr[data-case-id="${received.id}"]`)).toBeVisible();
      await local.page.screenshot({ path: shotPath(testInfo.outputPath.bind(testInfo), 'cases-list.png'), fullPage: true });
    } finally {
      await endSession(home.page, sessionId);
      await Promise.all([local.context.close(), home.context.close()]);
    }
  });

  test('on the call page the case links open in a new tab and the call stays; no request of the call is refused', async ({ browser }) => {
    const local = await signedIn(browser, 'lianshui.local', '/local');
    const home = await signedIn(browser, 'pinghu.home', '/home');
    // Every answer of 400 or more to the two clerks' pages (the console guard fails on them too).
    const refused: string[] = [];
    for (const { context } of [local, home]) context.on('response', (r) => r.status() >= 400 && refused.push(`${r.status()} ${r.url()}`));
    const { sessionId } = await readySession(local.page, home.page, citizenId(509));
    try {
      const callUrl = `/home/sessions/${sessionId}`;
      await Promise.all([home.page.goto(callUrl), local.page.goto(`/local/sessions/${sessionId}`)]);
      // Before the case exists the panel says so (the case endpoint answers null, not 404). The panels
      // join the call page once the first remote frame is on screen: that may take a while on a busy machine.
      const panel = home.page.getByRole('region', { name: '办件', exact: true });
      await expect(panel.getByText('本次视频会话尚未收件')).toBeVisible({ timeout: 20_000 });
      await expect(local.page.getByRole('region', { name: '办件', exact: true }).getByText('属地窗口尚未收件。')).toBeVisible({ timeout: 20_000 });

      const received = await receiveCase(home.page, sessionId);
      expect((await productApi(home.page).post(`/api/cases/${received.id}/decision`, { data: { action: 'accept' } })).ok()).toBe(true);
      for (const [page, url] of [[home.page, callUrl], [local.page, `/local/sessions/${sessionId}`]] as const) {
        const casePanel = page.getByRole('region', { name: '办件', exact: true });
        for (const [name, path] of [['打开办件页', `/cases/${received.id}`], ['打印受理回执', `/cases/${received.id}/receipt`]] as const) {
          const link = casePanel.getByRole('link', { name });
          await expect(link).toHaveAttribute('target', '_blank', { timeout: 15_000 });
          await expect(link).toHaveAttribute('rel', /\bnoopener\b/);
          const [opened] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
          await expect(opened).toHaveURL(path, { timeout: 15_000 });
          await expect(opened.locator('[data-case-number]').first()).toHaveText(received.caseNumber, { timeout: 15_000 });
          await opened.close();
          // The call page did not move and is still in the call.
          await expect(page).toHaveURL(url);
          await expect(page.getByRole('button', { name: '关闭麦克风' })).toBeVisible();
        }
      }
      expect(refused).toEqual([]);
    } finally {
      await endSession(home.page, sessionId);
      await Promise.all([local.context.close(), home.context.close()]);
    }
  });

  test('a home clerk of another jurisdiction opening the case page gets the 403 page', async ({ browser, consoleGuard }) => {
    consoleGuard.allow(/status of 403 \(Forbidden\)/, 'the other jurisdiction\'s clerk opens the case page on purpose');
    const local = await signedIn(browser, 'lianshui.local', '/local');
    const home = await signedIn(browser, 'pinghu.home', '/home');
    const other = await signedIn(browser, 'huaibei.home', '/home');
    const { sessionId } = await readySession(local.page, home.page, citizenId(502));
    try {
      const received: CaseView = await receiveCase(home.page, sessionId);
      const response = await other.page.goto(`/cases/${received.id}`);
      expect(response?.status()).toBe(403);
      await expect(other.page.getByRole('heading', { level: 1, name: '无权访问' })).toBeVisible();
      await expect(other.page.locator('body')).not.toContainText(received.caseNumber);
      // Nor does the case show in that clerk's list.
      await other.page.goto('/cases');
      await expect(other.page.locator(`tr[data-case-id="${received.id}"]`)).toHaveCount(0);
    } finally {
      await endSession(home.page, sessionId);
      await Promise.all([local.context.close(), home.context.close(), other.context.close()]);
    }
  });

  test('the administrator sets a webhook, shown once, that fails: the case page and the failures list show the error; the calendar takes a holiday', async ({
    browser,
  }, testInfo) => {
    const admin = await signedIn(browser, 'admin', '/admin');
    const local = await signedIn(browser, 'lianshui.local', '/local');
    const home = await signedIn(browser, 'pinghu.home', '/home');
    let sessionId = '';
    try {
      const settings = admin.page;
      await settings.getByRole('link', { name: '系统设置' }).click();
      await expect(settings.getByRole('heading', { level: 1, name: '系统设置' })).toBeVisible();
      await settings.getByLabel('属地', { exact: true }).selectOption('330482');
      await settings.getByRole('textbox', { name: '推送地址' }).fill('http://127.0.0.1:9/cases');
      await settings.getByRole('button', { name: '保存推送地址' }).click();
      await expect(settings.locator('[data-webhook-secret]')).toHaveText(/^[\w-]{32}$/);
      await expect(settings.locator('tr[data-webhook="330482"]')).toContainText('http://127.0.0.1:9/cases');
      await settings.reload();
      await expect(settings.locator('[data-webhook-secret]')).toHaveCount(0);

      ({ sessionId } = await readySession(local.page, home.page, citizenId(504)));
      const received = await receiveCase(home.page, sessionId);
      await home.page.goto(`/cases/${received.id}`);
      const webhook = home.page.getByRole('region', { name: '推送属地系统' });
      await expect(async () => {
        await home.page.reload();
        await expect(webhook.locator('[data-webhook-failing]')).not.toHaveAttribute('data-webhook-failing', '0', { timeout: 500 });
      }).toPass({ timeout: 15_000 });
      await expect(webhook.getByText(/^最近错误：.+/)).toBeVisible();

      await settings.reload();
      await expect(settings.getByRole('region', { name: '推送失败' })).toContainText(received.caseNumber);
      await settings.screenshot({ path: shotPath(testInfo.outputPath.bind(testInfo), 'settings.png'), fullPage: true });
      await settings.getByRole('button', { name: '删除浙江省 嘉兴市 平湖市的推送地址' }).click();
      await expect(settings.locator('tr[data-webhook="330482"]')).toHaveCount(0);

      await settings.getByLabel('日期', { exact: true }).fill('2030-10-01');
      await settings.getByLabel('类型', { exact: true }).selectOption('holiday');
      await settings.getByLabel('名称', { exact: true }).fill('国庆节');
      await settings.getByRole('button', { name: '添加' }).click();
      const day = settings.locator('tr[data-calendar-day="2030-10-01"]');
      await expect(day).toContainText('节假日（休息）');
      await expect(day).toContainText('国庆节');
      await day.getByRole('button', { name: '删除 2030-10-01' }).click();
      await expect(day).toHaveCount(0);
    } finally {
      await productApi(admin.page).delete('/api/admin/webhooks/330482');
      if (sessionId) await endSession(home.page, sessionId);
      await Promise.all([admin.context.close(), local.context.close(), home.context.close()]);
    }
  });

  test('receiving with required materials missing asks for confirmation listing them, then records them', async ({ browser }) => {
    const local = await signedIn(browser, 'lianshui.local', '/local');
    const home = await signedIn(browser, 'pinghu.home', '/home');
    const { sessionId } = await readySession(local.page, home.page, citizenId(505));
    try {
      // Over: the session page shows the panels without a call.
      const page = home.page;
      const dialog = await receiveWithGaps(page, sessionId);
      expect(await page.evaluate(() => document.querySelector('dialog[data-receipt-gaps]')?.matches(':modal'))).toBe(true);
      // Nothing was received yet.
      await expect(page.locator('[data-case-panel="none"]')).toBeVisible();
      await dialog.getByRole('button', { name: '仍然受理办件（收件）' }).click();
      await expect(dialog).toBeHidden();
      await expect(page.locator('[data-case-panel="received"] [data-case-number]')).toHaveText(/^330482-\d{8}-\d{4}$/);
      const { case: kase } = (await (await page.request.get(`/api/sessions/${sessionId}/case`)).json()) as { case: CaseView };
      expect(kase.receiptGaps?.missing.length).toBeGreaterThan(0);
    } finally {
      await Promise.all([local.context.close(), home.context.close()]);
    }
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('the decision forms still post: a decline without a reason is refused, a supplement is recorded', async ({ browser, consoleGuard }) => {
      consoleGuard.allow(/status of 400 \(Bad Request\)/, 'the decline without a reason the test posts on purpose');
      const local = await signedIn(browser, 'lianshui.local', '/local');
      const home = await signedIn(browser, 'pinghu.home', '/home');
      const { sessionId } = await readySession(local.page, home.page, citizenId(503));
      try {
        const received = await receiveCase(home.page, sessionId);
        const page = home.page;
        await page.goto(`/cases/${received.id}`);
        await page.getByRole('button', { name: '不予受理' }).click();
        await expect(page.getByRole('alert')).toHaveText('请检查下面标出的内容。');
        await expect(page.getByText('请填写不予受理的理由')).toBeVisible();
        await expect(page.getByLabel('不予受理理由')).toHaveAttribute('aria-invalid', 'true');

        await page.goto(`/cases/${received.id}`);
        const first = page.getByRole('group', { name: '第 1 项' });
        await first.getByLabel('材料名称').fill('户口簿');
        await first.getByLabel('说明').fill('请提供户主页和本人页');
        await page.getByRole('button', { name: '要求补正' }).click();
        await expect(page.getByRole('status')).toHaveText('已要求补正。');
        await expect(statusBadge(page)).toHaveText('待补正');
        await expect(page.getByText('户口簿：请提供户主页和本人页')).toBeVisible();
      } finally {
        await endSession(home.page, sessionId);
        await Promise.all([local.context.close(), home.context.close()]);
      }
    });

    test('receiving with materials missing: the plain form lists them and a second form confirms', async ({ browser, consoleGuard }) => {
      consoleGuard.allow(/status of 409 \(Conflict\)/, 'the first receive without confirmation is refused on purpose (materials missing)');
      const local = await signedIn(browser, 'lianshui.local', '/local');
      const home = await signedIn(browser, 'pinghu.home', '/home');
      const { sessionId } = await readySession(local.page, home.page, citizenId(506));
      try {
        const page = home.page;
        const dialog = await receiveWithGaps(page, sessionId);
        await dialog.getByRole('button', { name: '仍然受理办件（收件）' }).click();
        await expect(page.getByRole('status')).toHaveText(/^已收件：330482-\d{8}-\d{4}$/);
        await expect(page.locator('[data-case-panel="received"] [data-case-number]')).toBeVisible();
      } finally {
        await Promise.all([local.context.close(), home.context.close()]);
      }
    });
  });
});

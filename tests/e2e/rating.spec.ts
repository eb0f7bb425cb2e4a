/**
 * 好差评 end to end: the citizen's kiosk and QR page (signed out), the refusals that store nothing,
 * the supervisor's follow-up of a bad rating, and the statistics with chart and CSV export.
 */
import { readFileSync } from 'node:fs';
import { type Page } from '@playwright/test';
import { signIn, expect, test } from './fixtures';
import { clerkApis, endedSession, ratingState, waitingSession } from './ratingHelpers';

const SHOTS = process.env.VW_E2E_SCREENSHOTS;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

test.describe('ratings', () => {
  const clerks = clerkApis();

  test('a very dissatisfied rating on the kiosk is followed up by the supervisor: return call, rectification, closure', async ({ browser, page }) => {
    const session = await endedSession(clerks.local, clerks.home);
    const comment = `视频经常卡顿 ${session.id.slice(0, 8)}`;

    // The tablet's window is opened from the clerk's signed-in browser: the page still shows no staff header.
    const kiosk = await browser.newContext();
    const citizen = await kiosk.newPage();
    await signIn(citizen, 'lianshui.local', '/local');
    await citizen.goto(`${session.link.path}?kiosk=1`);
    await expect(citizen.getByRole('heading', { level: 1, name: '请您为本次服务评价' })).toBeVisible();
    await expect(citizen.getByRole('button', { name: '退出登录' })).toHaveCount(0);
    const facts = citizen.getByRole('region', { name: '本次服务' });
    await expect(facts).toContainText(session.matterName);
    await expect(facts).toContainText('平湖市');
    await expect(facts).toContainText('沈佳怡');
    for (const level of ['非常满意', '满意', '基本满意', '不满意', '非常不满意']) await expect(citizen.getByRole('radio', { name: level, exact: true })).toBeVisible();
    await expect(citizen.getByRole('checkbox', { name: '服务态度不好' })).toBeHidden();
    await shot(citizen, 'rate-kiosk-desktop');

    await citizen.getByRole('radio', { name: '非常不满意', exact: true }).check();
    await citizen.getByRole('checkbox', { name: '视频或声音质量差' }).check();
    await citizen.getByLabel('补充说明（选填）').fill(comment);
    await expect(citizen.getByText(`${comment.length} / 500 字`)).toBeVisible();
    await shot(citizen, 'rate-kiosk-bad');
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await expect(citizen.getByRole('heading', { name: '感谢您的评价！' })).toBeVisible();
    await expect(citizen.getByText('您的评价“非常不满意”已记录。')).toBeVisible();
    await shot(citizen, 'rate-thanks');
    await kiosk.close();

    await signIn(page, 'pinghu.supervisor', '/supervise');
    await page.getByRole('navigation', { name: '监督导航' }).getByRole('link', { name: '差评整改' }).click();
    await expect(page).toHaveURL('/supervise/follow-ups');
    const card = page.locator('article', { hasText: comment });
    await expect(card).toContainText('非常不满意');
    await expect(card).toContainText('视频或声音质量差');
    await expect(card).toContainText(session.matterName);
    await expect(card).toContainText('沈佳怡');
    await expect(card).toContainText('待回访');
    await expect(card).toContainText(/整改期限：\d{4}-\d{2}-\d{2}/);
    await expect(card.getByRole('button', { name: '办结' })).toHaveCount(0);
    await shot(page, 'supervise-follow-ups');

    await card.getByLabel('回访结果').fill('已致电群众说明情况，群众表示理解');
    await card.getByRole('button', { name: '记录回访' }).click();
    await expect(card.getByRole('status')).toHaveText('已记录回访。');
    await expect(card).toContainText('已致电群众说明情况，群众表示理解');
    await expect(card).toContainText('已回访');

    await card.getByLabel('整改措施').fill('更换窗口摄像头和麦克风，开展设备巡检');
    await card.getByRole('button', { name: '记录整改' }).click();
    await expect(card.getByRole('status')).toHaveText('已记录整改。');
    await expect(card).toContainText('更换窗口摄像头和麦克风，开展设备巡检');

    await card.getByRole('button', { name: '办结' }).click();
    await expect(card.getByRole('status')).toHaveText('已办结。');
    await expect(card).toContainText('已办结');
    await expect(card).toContainText(/已于 .* 办结/);
    await shot(page, 'supervise-follow-ups-closed');
  });

  test('the QR link works signed out and without JavaScript; a second rating with the same link is refused', async ({ browser }) => {
    const session = await endedSession(clerks.local, clerks.home);
    const [phone, other] = await Promise.all([
      browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled: false }),
      browser.newContext(),
    ]);
    const [phonePage, otherPage] = await Promise.all([phone.newPage(), other.newPage()]);
    await Promise.all([phonePage.goto(session.link.path), otherPage.goto(session.link.path)]);
    await expect(phonePage.getByRole('heading', { level: 1, name: '请您为本次服务评价' })).toBeVisible();
    await expect(phonePage.getByText('最多 500 字')).toBeVisible();
    await shot(phonePage, 'rate-phone');

    await phonePage.getByRole('radio', { name: '满意', exact: true }).check();
    await phonePage.getByRole('button', { name: '提交评价' }).click();
    await expect(phonePage.getByRole('heading', { name: '感谢您的评价！' })).toBeVisible();
    await expect(phonePage.getByText('您的评价“满意”已记录。')).toBeVisible();
    expect((await ratingState(clerks.local, session.token)).level).toBe(4);

    // The other device still shows the form: its rating is refused, and the first one stays.
    await otherPage.getByRole('radio', { name: '非常满意', exact: true }).check();
    await otherPage.getByRole('button', { name: '提交评价' }).click();
    await expect(otherPage.getByRole('heading', { name: '本次服务已评价' })).toBeVisible();
    await expect(otherPage.getByRole('alert')).toContainText('本次服务已经评价过了，每次服务只能评价一次。感谢您的评价！');
    expect((await ratingState(clerks.local, session.token)).level).toBe(4);

    await otherPage.reload();
    await expect(otherPage.getByRole('heading', { name: '本次服务已评价' })).toBeVisible();
    await expect(otherPage.getByRole('button', { name: '提交评价' })).toHaveCount(0);

    const clerkView = await clerks.local.get(`/api/sessions/${session.id}/rating-link`);
    expect(((await clerkView.json()) as { link: { rated: boolean } }).link.rated).toBe(true);
    await Promise.all([phone.close(), other.close()]);
  });

  test('an over-long text, a level outside the five and an unknown link get a clear message and store nothing', async ({ browser, consoleGuard }) => {
    consoleGuard.allow(/status of 400 \(Bad Request\)/, 'the over-long text and the tampered level the test posts on purpose');
    const session = await endedSession(clerks.local, clerks.home);
    const context = await browser.newContext();
    const citizen = await context.newPage();
    await citizen.goto(session.link.path);

    await citizen.getByRole('radio', { name: '不满意', exact: true }).check();
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await expect(citizen.getByText('请至少选择一项不满意的原因。')).toBeVisible();

    await citizen.getByRole('checkbox', { name: '办事效率低' }).check();
    await citizen.getByLabel('补充说明（选填）').fill('慢'.repeat(501));
    await expect(citizen.getByText('501 / 500 字 · 已超出 1 字，请删减后再提交')).toBeVisible();
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await expect(citizen.getByRole('alert')).toHaveText('评价未提交，请按提示修改后重新提交。');
    await expect(citizen.getByText('补充说明不能超过 500 字，请删减后再提交。')).toBeVisible();
    await expect(citizen.getByRole('checkbox', { name: '办事效率低' })).toBeChecked();
    expect(await ratingState(clerks.local, session.token)).toMatchObject({ state: 'open', level: null });

    // A tampered level: the radio button's value edited in the page.
    await citizen.getByLabel('补充说明（选填）').fill('');
    await citizen.locator('input[name="level"][value="5"]').evaluate((input: HTMLInputElement) => {
      input.value = '7';
    });
    await citizen.getByRole('radio', { name: '非常满意', exact: true }).check();
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await expect(citizen.getByText('评价等级应为“非常满意”到“非常不满意”五级之一，请重新选择。')).toBeVisible();
    expect(await ratingState(clerks.local, session.token)).toMatchObject({ state: 'open', level: null });

    // The same through a plain form post, as a page without JavaScript would send it.
    const posted = await citizen.request.post(`${session.link.path}?/rate`, {
      form: { level: '0' },
      headers: { origin: new URL(citizen.url()).origin, accept: 'text/html' },
    });
    expect(posted.status()).toBe(400);
    expect(await posted.text()).toContain('评价等级应为');
    expect(await ratingState(clerks.local, session.token)).toMatchObject({ state: 'open', level: null });

    await citizen.goto(`/rate/${'x'.repeat(43)}`);
    await expect(citizen.getByRole('heading', { name: '评价链接无效' })).toBeVisible();
    await citizen.goto('/rate/bad!');
    await expect(citizen.getByRole('heading', { name: '评价链接无效' })).toBeVisible();
    await context.close();
  });

  test('the statistics show the satisfaction rate, a chart, the live overview and a CSV export', async ({ page }) => {
    const rated = await endedSession(clerks.local, clerks.home);
    expect((await clerks.local.post(`/api/public/ratings/${rated.token}`, { data: { level: 5 } })).status()).toBe(201);
    await signIn(page, 'pinghu.supervisor', '/supervise');
    await page.goto('/supervise/statistics');
    await expect(page.getByRole('heading', { level: 1, name: '统计分析' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '实时概况' })).toBeVisible();
    await expect(page.getByTestId('satisfaction-total')).toContainText(/满意率\s*\d+(\.\d)?%/);
    await expect(page.locator('canvas').first()).toBeVisible();
    await expect.poll(() => page.locator('canvas').first().evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(0);
    await expect(page.getByRole('table', { name: '按服务点', exact: true })).toContainText('满意率');
    await shot(page, 'supervise-statistics');

    // The live overview fetches again every 10 s: a session that starts waiting now shows up without a reload.
    const live = page.getByRole('region', { name: '实时概况' });
    const pinghuRow = live.getByRole('table', { name: '实时：按属地' }).getByRole('row', { name: /平湖市/ });
    const waitingInPinghu = async () => ((await pinghuRow.count()) > 0 ? Number(await pinghuRow.getByRole('cell').first().textContent()) : 0);
    const before = await waitingInPinghu();
    const waiting = await waitingSession(clerks.local);
    try {
      await expect.poll(waitingInPinghu, { timeout: 15_000, intervals: [1_000] }).toBe(before + 1);
      await shot(page, 'supervise-statistics-live');
    } finally {
      expect((await clerks.local.post(`/api/sessions/${waiting.id}/cancel`, { data: {} })).ok()).toBe(true);
    }

    await page.getByRole('link', { name: '近 7 天' }).click();
    await expect(page).toHaveURL('/supervise/statistics?period=7d');
    await expect(page.getByRole('link', { name: '近 7 天' })).toHaveAttribute('aria-current', 'page');

    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: '导出 CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('statistics-7d.csv');
    const text = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    expect(text.split('\n')[0]).toBe('统计期间,维度,名称,视频会话数,等待时长中位数（秒）,办理时长中位数（秒）,评价数,满意率（%）,办件数,补正率（%）');
    expect(text).toContain('近 7 天,合计,合计');
  });
});

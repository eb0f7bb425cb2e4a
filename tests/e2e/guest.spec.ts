/**
 * 三方连线: in a call, the local clerk invites a sign-language interpreter; the link is shown as text
 * and as a QR code (which encodes exactly that link); the guest opens it in a browser of their own,
 * without an account, types a name and knocks; the clerk who invited admits them; all three see each
 * other (frames decoded on every page, the guest's tile labelled with role and name); the home clerk
 * removes the guest, and the link then refuses, with its sentence. The guest page passes the 适老化
 * checks in each state (form, waiting, in the call, refused link).
 */
import type { Page } from '@playwright/test';
import { qrPath } from '../../apps/web/src/lib/components/ratingQr';
import type { InboundStat } from '../../apps/web/src/lib/media/roomTransports';
import { account, expect, test } from './fixtures';
import { expectRising, startCall } from './callHelpers';
import { expectCitizenPageChecks, expectNoSeriousAxeViolations, expectElderlyFriendly } from './elderlyChecks';

/** Frames decoded so far of the camera of `side` (a clerk's side, or 'guest'). */
async function cameraFrames(page: Page, side: string): Promise<number> {
  const stats = (await page.evaluate(async () => (window.vwindowDebug ? await window.vwindowDebug.inboundStats() : []))) as InboundStat[];
  return stats.filter((stat) => stat.source === 'camera' && stat.side === side).reduce((sum, stat) => sum + stat.framesDecoded, 0);
}

/** Waits until the camera of `side` decodes new frames on `page` between two reads. */
async function expectCameraRising(page: Page, side: string): Promise<void> {
  let previous: number | null = null;
  await expect
    .poll(
      async () => {
        const now = await cameraFrames(page, side);
        const rising = previous !== null && now > previous;
        previous = now;
        return rising;
      },
      { message: `${side} camera frames rising on ${page.url()}`, timeout: 20_000, intervals: [700] },
    )
    .toBe(true);
}

test.describe('a guest (第三方)', () => {
  test.describe.configure({ timeout: 150_000 });

  test('is invited by QR link, knocks, is admitted, sees and is seen by both clerks, is removed, and the link then refuses', async ({ browser, consoleGuard }, testInfo) => {
    // The guest's socket is closed by the server at the removal; its reconnect is refused until the page notices.
    consoleGuard.allow(/WebSocket connection to .*\/ws\/guest.* failed/, 'the removed guest’s signaling reconnects once before its page hears of the removal');
    const call = await startCall(browser);
    const { localPage, homePage } = call;
    const guestContext = await browser.newContext();
    const guestPage = await guestContext.newPage();
    try {
      await Promise.all([expectRising(localPage, 'camera'), expectRising(homePage, 'camera')]);

      // The local clerk invites a sign-language interpreter: link as text, and a QR code of that link.
      const panel = localPage.getByRole('region', { name: '三方连线' });
      await panel.getByLabel('第三方身份').selectOption({ label: '手语翻译' });
      await panel.getByRole('button', { name: '生成邀请' }).click();
      const linkText = (await panel.locator('[data-guest-link]').textContent())!.trim();
      expect(linkText).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/guest\/[A-Za-z0-9_-]{43}$/);
      const qr = panel.locator('[data-guest-qr]');
      await expect(qr).toHaveAttribute('aria-label', `邀请二维码：${linkText}`);
      // The QR code encodes exactly the link (what a phone scanning it opens).
      expect(await qr.locator('path').getAttribute('d')).toBe(qrPath(linkText).d);
      await expect(homePage.locator('[data-guest-status="invited"]')).toBeVisible();

      // The guest opens the link without an account, and knocks with a name.
      await guestPage.goto(linkText);
      await expect(guestPage.getByRole('heading', { name: '加入视频会话' })).toBeVisible();
      await expect(guestPage.getByText('您受邀以“手语翻译”身份加入视频会话')).toBeVisible();
      await expectCitizenPageChecks(guestPage, 'guest page: the invitation');
      // An empty name is refused on the page, nothing sent.
      await guestPage.getByRole('button', { name: '申请进入' }).click();
      await expect(guestPage.getByRole('alert')).toContainText('请填写您的姓名');
      await guestPage.getByLabel('您的姓名').fill('王小明');
      await guestPage.getByRole('button', { name: '申请进入' }).click();
      await expect(guestPage.getByText('已提交申请，请稍候')).toBeVisible();
      await expectCitizenPageChecks(guestPage, 'guest page: waiting to be admitted');

      // Both clerks see the knock; only the one who invited may admit.
      await expect(localPage.getByText('王小明（手语翻译）申请进入视频会话')).toBeVisible();
      await expect(homePage.getByText('王小明（手语翻译）申请进入视频会话')).toBeVisible();
      await expect(homePage.getByText(`由邀请人 ${account('lianshui.local').displayName} 决定是否准入`)).toBeVisible();
      await expect(homePage.getByRole('button', { name: '准入' })).toHaveCount(0);
      await panel.getByRole('button', { name: '准入' }).click();

      // Admitted: the guest's page enters the call; all three decode each other's cameras.
      await expect(guestPage.getByRole('heading', { name: '您已进入视频会话' })).toBeVisible();
      await Promise.all([
        expectCameraRising(guestPage, 'local'),
        expectCameraRising(guestPage, 'home'),
        expectCameraRising(localPage, 'guest'),
        expectCameraRising(homePage, 'guest'),
        expectCameraRising(localPage, 'home'),
        expectCameraRising(homePage, 'local'),
      ]);
      // A third tile on each clerk's page, labelled with the guest's role and name.
      for (const page of [localPage, homePage]) {
        await expect(page.locator('[data-guest-tile]').getByRole('figure').filter({ hasText: '第三方 · 手语翻译' }).filter({ hasText: '王小明' })).toBeVisible();
      }
      await expect(guestPage.getByRole('figure').filter({ hasText: `收件窗口 · ${account('lianshui.local').displayName}` })).toBeVisible();
      await expect(guestPage.getByRole('figure').filter({ hasText: `属地窗口 · ${account('pinghu.home').displayName}` })).toBeVisible();
      await expectNoSeriousAxeViolations(guestPage, 'guest page: in the call');
      await expectElderlyFriendly(guestPage, 'guest page: in the call');
      await guestPage.screenshot({ path: testInfo.outputPath('guest-in-call.png') });
      await localPage.screenshot({ path: testInfo.outputPath('local-with-guest.png') });

      // The home clerk removes the guest: the guest's page says so, the tiles go.
      await homePage.getByRole('region', { name: '三方连线' }).getByRole('button', { name: '移出' }).click();
      await expect(guestPage.getByText('您已被移出本次视频会话。')).toBeVisible();
      for (const page of [localPage, homePage]) await expect(page.locator('[data-guest-tile]')).toHaveCount(0);

      // The link now refuses: in a fresh browser, on the guest's own page again, and over the API.
      const other = await browser.newContext();
      const otherPage = await other.newPage();
      await otherPage.goto(linkText);
      await expect(otherPage.locator('[data-guest-refusal="GUEST_LINK_USED"]')).toContainText('这个邀请链接已经使用过');
      await expectCitizenPageChecks(otherPage, 'guest page: a used link');
      const token = linkText.split('/').at(-1)!;
      const api = await otherPage.request.get(`/api/public/guests/${token}`);
      expect(api.status()).toBe(409);
      expect(((await api.json()) as { error: { code: string } }).error.code).toBe('GUEST_LINK_USED');
      await other.close();
      await guestPage.reload();
      await expect(guestPage.locator('[data-guest-refusal="GUEST_LINK_USED"]')).toBeVisible();
      // The clerks' own call goes on.
      await Promise.all([expectCameraRising(localPage, 'home'), expectCameraRising(homePage, 'local')]);
    } finally {
      await guestContext.close();
      await call.close(testInfo);
    }
  });
});

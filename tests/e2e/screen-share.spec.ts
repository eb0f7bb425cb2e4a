/**
 * 屏幕共享 in a call: the home clerk shares a screen (Chromium's fake display capture: the tests'
 * --use-fake-ui-for-media-stream with the fake devices answer getDisplayMedia with a generated
 * 1280×720 "screen:" source), published as a producer of its own with content hint "detail"; the local
 * side shows it large and decodes its frames, and so does a supervisor listening in. Stopping it as
 * the browser's own "stop sharing" bar does (the track ends) closes the producer on the server: the
 * screen leaves both other pages and their layouts go back to normal.
 */
import { expect, signedIn, test } from './fixtures';
import { expectRising, received, startCall } from './callHelpers';

test.describe('screen sharing', () => {
  test.describe.configure({ timeout: 120_000 });

  test('the home clerk shares a screen: the local side and a listening supervisor decode it; the browser bar’s stop is noticed', async ({ browser }, testInfo) => {
    const call = await startCall(browser);
    const { localPage, homePage, sessionId } = call;
    const supervisor = await signedIn(browser, 'pinghu.supervisor', '/supervise');
    try {
      await supervisor.page.goto(`/supervise/sessions/${sessionId}`);
      await Promise.all([expectRising(localPage, 'camera'), expectRising(homePage, 'camera'), expectRising(supervisor.page, 'camera')]);

      const share = homePage.getByRole('button', { name: '共享屏幕' });
      await expect(share).toBeEnabled();
      await share.click();
      await expect(homePage.getByRole('button', { name: '停止共享屏幕' })).toBeVisible();
      await expect(homePage.getByText('正在共享屏幕')).toBeVisible();
      expect(await homePage.evaluate(() => window.vwindowDebug?.screenTrack?.()?.contentHint)).toBe('detail');
      expect(await homePage.evaluate(() => window.vwindowDebug?.screenTrack?.()?.label)).toMatch(/^screen:/);

      // Large on the other side (the first tile of the columns layout), the cameras beside it.
      const localScreen = localPage.locator('[data-screen-share]');
      await expect(localScreen).toBeVisible();
      await expect(localScreen.getByRole('figure')).toContainText('属地窗口共享的屏幕');
      await expect(localPage.locator('.stage.columns > :first-child')).toHaveAttribute('data-screen-share', '');
      await expectRising(localPage, 'screen');
      await expectRising(localPage, 'camera');
      // The supervisor listening in sees it too.
      await expect(supervisor.page.locator('[data-screen-share]')).toBeVisible();
      await expectRising(supervisor.page, 'screen');
      const [localBox, cameraBox] = await Promise.all([
        localScreen.boundingBox(),
        localPage.getByRole('figure').filter({ hasText: '属地窗口' }).filter({ hasNotText: '共享的屏幕' }).boundingBox(),
      ]);
      expect(localBox!.width).toBeGreaterThan(cameraBox!.width);
      await localPage.screenshot({ path: testInfo.outputPath('screen-local.png') });

      // Stopped from the browser's own bar: the track ends (as Chromium ends it), nothing else is clicked.
      await homePage.evaluate(() => {
        const track = window.vwindowDebug!.screenTrack!()!;
        track.stop();
        track.dispatchEvent(new Event('ended'));
      });
      await expect(homePage.getByRole('button', { name: '共享屏幕' })).toBeVisible();
      // The producer closed on the server: both other pages drop the screen and go back to the usual layout.
      await expect(localScreen).toHaveCount(0);
      await expect(supervisor.page.locator('[data-screen-share]')).toHaveCount(0);
      await expect(localPage.locator('.stage.columns')).toHaveCount(0);
      await expect.poll(() => localPage.evaluate(async () => (await window.vwindowDebug!.inboundStats()).filter((s) => s.source === 'screen').length)).toBe(0);
      expect(await received(localPage, 'screen', 'framesDecoded')).toBe(0);
      await expectRising(localPage, 'camera');
      expect(call.refused).toEqual([]);
    } finally {
      await supervisor.context.close();
      await call.close(testInfo);
    }
  });
});

/**
 * Thin and broken links between the halls and the center (see halls.ts): the home hall limited to
 * about 400 kbit/s keeps the local camera decoding at a lower simulcast layer and comes back up once
 * the limit is lifted; the local hall's link down for 10 s brings media back soon after it returns.
 */
import { expect, type Page } from '@playwright/test';
import { expectMediaBothWays, received, startCall } from '../e2e/callHelpers';
import { attachServerOutput, requireNamespaces, test } from './halls';
import { longestStall, mediaBackAfter, watchMedia } from './netnsCall';

requireNamespaces();

test.afterEach(async ({ halls }, testInfo) => attachServerOutput(halls, testInfo));

/** The width of the remote camera's frames on `page`. */
async function cameraWidth(page: Page): Promise<number> {
  const stats = await page.evaluate(async () => (window.vwindowDebug ? await window.vwindowDebug.inboundStats() : []));
  return Math.max(0, ...stats.filter((s) => s.source === 'camera').map((s) => s.width));
}

test.describe('a thin link', () => {
  // Retried once: its timings are taken between namespaces on a machine whose two cores also run both
  // halls' Chromium and the server. A retried pass shows as flaky in the report; failing twice in a
  // row fails the run.
  test.describe.configure({ retries: 1 });

  test('hall-b limited to 400 kbit/s: the local camera drops a layer and stays lower with no freeze over 1 s, sound goes on, the clerk is told, and a higher layer comes back within 10 s of the lift', async ({ halls }, testInfo) => {
    test.setTimeout(120_000);
    const { topology } = halls;
    const call = await startCall(halls.browsers);
    const { homePage } = call;
    try {
      await expectMediaBothWays(call);
      // The full layer: the local camera's own width, once the sender's upper layers are on (on a busy
      // machine the sender's encoder may hold back its top layer: then the widest seen by then).
      const own = await call.localPage
        .getByRole('figure')
        .filter({ hasText: '本机画面' })
        .locator('video')
        .evaluate((video: HTMLVideoElement) => video.videoWidth);
      await expect
        .poll(() => cameraWidth(homePage), { timeout: 15_000, intervals: [500] })
        .toBe(own)
        .catch(() => undefined);
      const full = await cameraWidth(homePage);
      expect(full, `the local camera (${own} wide) above its smallest layer on the home side`).toBeGreaterThan(own / 4);

      const watch = await watchMedia(homePage);
      topology.limitRate('hall-b', 400);
      const limitedAt = Date.now();
      let lowered = 0;
      let limitedWidth = full;
      let higherUnderLimit = 0;
      const widths: number[] = [];
      try {
        await expect.poll(() => cameraWidth(homePage), { message: 'a lower layer under the limit', timeout: 15_000, intervals: [200] }).toBeLessThan(full);
        lowered = Date.now() - limitedAt;
        // The home clerk is told why the picture got worse, in words.
        await expect(homePage.getByRole('status').filter({ hasText: '本机网络带宽不足，对方画面已自动降低清晰度' })).toBeVisible({ timeout: 10_000 });
        for (let i = 0; i < 12; i++) {
          await homePage.waitForTimeout(500);
          widths.push(await cameraWidth(homePage));
        }
        limitedWidth = Math.min(limitedWidth, ...widths);
        higherUnderLimit = widths.filter((width) => width >= full).length;
      } finally {
        topology.unlimitRate('hall-b');
      }
      const liftedAt = Date.now();
      // Lifted: a higher layer again, within 10 s (asserted below, once the figures are recorded).
      const raised = await expect
        .poll(() => cameraWidth(homePage), { message: 'a higher layer after the lift', timeout: 30_000, intervals: [250] })
        .toBeGreaterThan(limitedWidth)
        .then(() => Date.now() - liftedAt);
      await homePage.waitForTimeout(1_000);
      const samples = await watch.stop();
      // From the limit to a second after the higher layer: frames went on being decoded (at the lower
      // layer while limited), and neither picture nor sound stopped for more than a second. The picture
      // froze for 1.7-4.5 s before the server relieved the congested link at once (uplinkLoss,
      // DownlinkWatch, DownlinkRelief), then 0.3-1.4 s while that waited for the thin hall's own
      // report or the server's finding of its loss, and 0.2-1.1 s (over 1 s once in 13 runs) since
      // the other hall's report of delay finds it (congestedLinks.ts: a sender's filling uplink).
      const first = samples.find((sample) => sample.width > 0 && sample.width < full);
      const lastLimited = samples.filter((sample) => sample.at <= liftedAt - limitedAt).at(-1);
      expect(first && lastLimited && lastLimited.framesDecoded > first.framesDecoded, 'frames decoded at the lower layer').toBe(true);
      const videoStall = longestStall(samples, 'framesDecoded');
      const audioStall = longestStall(samples, 'audioPackets');
      const figures = `camera ${own} wide, received ${full} before the limit, ${limitedWidth} under it (lower after ${lowered} ms, ${higherUnderLimit} of 12 reads at the full layer again: ${widths.join(' ')}); a higher layer ${raised} ms after the limit was lifted; longest video freeze ${videoStall} ms, longest audio gap ${audioStall} ms`;
      testInfo.annotations.push({ type: 'thin link', description: figures });
      console.log(`thin link: ${figures}`);
      // The top layer does not come back while the link is thin (DownlinkRelief's room for the next
      // layer). The middle one may, when the sender had its top layer off and the link was found
      // only a little congested.
      expect(widths.filter((width) => width >= own), `reads of the top layer (${own} wide) under the limit: ${figures}`).toEqual([]);
      expect(raised, `a higher layer within 10 s of the lift: ${figures}`).toBeLessThanOrEqual(10_000);
      expect(videoStall, figures).toBeLessThanOrEqual(1000);
      expect(audioStall, figures).toBeLessThanOrEqual(1000);
    } finally {
      topology.unlimitRate('hall-b');
      await call.close(testInfo);
    }
  });
});

test("hall-a's link down for 10 s: media is back both ways within 5 s after it returns", async ({ halls }, testInfo) => {
  test.setTimeout(90_000);
  const { topology } = halls;
  const call = await startCall(halls.browsers);
  const { localPage, homePage } = call;
  try {
    await expectMediaBothWays(call);
    topology.setLink('hall-a', false);
    try {
      await homePage.waitForTimeout(3_000);
      // The home side receives nothing from hall-a any more, and its clerk is told so.
      const before = await received(homePage, 'camera', 'framesDecoded');
      await expect(homePage.getByRole('status').filter({ hasText: '网络中断' })).toBeVisible({ timeout: 5_000 });
      expect(await received(homePage, 'camera', 'framesDecoded')).toBe(before);
      await homePage.waitForTimeout(6_000);
    } finally {
      topology.setLink('hall-a', true);
    }
    const upAt = Date.now();
    const [local, home] = await Promise.all([mediaBackAfter(localPage, 'camera', upAt, 5_000), mediaBackAfter(homePage, 'camera', upAt, 5_000)]);
    const figures = `camera back ${local} ms (local side) and ${home} ms (home side) after the link came up`;
    testInfo.annotations.push({ type: 'link down 10 s', description: figures });
    console.log(`link down: ${figures}`);
    await Promise.all([mediaBackAfter(localPage, 'microphone', Date.now(), 5_000), mediaBackAfter(homePage, 'microphone', Date.now(), 5_000)]);
  } finally {
    topology.setLink('hall-a', true);
    await call.close(testInfo);
  }
});

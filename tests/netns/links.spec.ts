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

test('hall-b limited to 400 kbit/s: the local camera drops a layer and keeps decoding, sound goes on, and it comes back up once lifted', async ({ halls }, testInfo) => {
  test.setTimeout(90_000);
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
    try {
      await expect.poll(() => cameraWidth(homePage), { message: 'a lower layer under the limit', timeout: 15_000, intervals: [200] }).toBeLessThan(full);
      lowered = Date.now() - limitedAt;
      // The home clerk is told why the picture got worse, in words.
      await expect(homePage.getByRole('status').filter({ hasText: '本机网络带宽不足，对方画面已自动降低清晰度' })).toBeVisible({ timeout: 10_000 });
      // Under the limit for a while: frames keep coming, mostly at the lower layer (the SFU's estimate
      // may probe a higher layer now and then; it must not stay there).
      const widths: number[] = [];
      for (let i = 0; i < 12; i++) {
        await homePage.waitForTimeout(500);
        widths.push(await cameraWidth(homePage));
      }
      limitedWidth = Math.min(limitedWidth, ...widths);
      higherUnderLimit = widths.filter((width) => width >= full).length;
      expect(higherUnderLimit, `reads at the full layer under the limit: ${widths.join(' ')}`).toBeLessThanOrEqual(widths.length / 2);
    } finally {
      topology.unlimitRate('hall-b');
    }
    const liftedAt = Date.now();
    // Back up: a higher layer than the one the limit left, within 10 s.
    await expect.poll(() => cameraWidth(homePage), { message: 'a higher layer after the limit', timeout: 10_000, intervals: [200] }).toBeGreaterThan(limitedWidth);
    const raised = Date.now() - liftedAt;
    const samples = await watch.stop();
    // From the limit until the layer went up again: no freeze longer than 1 s, sound all along.
    const from = samples.find((sample) => sample.at >= 0)?.at ?? 0;
    const until = samples.at(-1)?.at ?? 0;
    const videoStall = longestStall(samples, 'framesDecoded', from, until);
    const audioStall = longestStall(samples, 'audioPackets', from, until);
    // For the report: how long the full layer takes to come back (the estimate climbs step by step).
    const fullAgain = await expect
      .poll(() => cameraWidth(homePage), { timeout: 20_000, intervals: [500] })
      .toBeGreaterThanOrEqual(full)
      .then(
        () => `${Date.now() - liftedAt} ms`,
        () => 'not within 30 s',
      );
    const figures = `camera ${own} wide, received ${full} before the limit, ${limitedWidth} under it (lower after ${lowered} ms, ${higherUnderLimit} of 12 reads at the full layer again); a higher layer ${raised} ms after the limit was lifted, the full layer ${fullAgain}; longest video freeze ${videoStall} ms, longest audio gap ${audioStall} ms`;
    testInfo.annotations.push({ type: 'thin link', description: figures });
    console.log(`thin link: ${figures}`);
    expect(videoStall, figures).toBeLessThanOrEqual(1000);
    expect(audioStall, figures).toBeLessThanOrEqual(1000);
  } finally {
    topology.unlimitRate('hall-b');
    await call.close(testInfo);
  }
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

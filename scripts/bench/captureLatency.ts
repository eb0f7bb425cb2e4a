/**
 * 拍照 → visible on the other side, for a 2 MP still (the 1920×1080 document camera): the local clerk
 * clicks 拍照 in the capture panel; the time runs until the home page's thumbnail of that capture has
 * loaded (the img `load` event, recorded in window.vwindowDebug.captureSeenAt[captureId]). Includes
 * grabbing the frame, JPEG encoding, the upload, storing, the 'capture.new' notification and the
 * home page fetching and decoding the image.
 *
 * The local window needs a second camera for the document camera. With one fake camera (as with
 * `--use-file-for-fake-video-capture`, which films a file instead of the test pattern: launch with
 * `launchChromium([`--use-file-for-fake-video-capture=${documentPageMjpeg()}`])` to film the document
 * page) the local context lists that camera twice (tests/support/fakeDocumentCamera.ts).
 */
import type { Browser, Page } from '@playwright/test';
import { idCheckDigit } from '../../signaling/src/protocol';
import { DOCUMENT_CAMERA_ID, DOCUMENT_CAMERA_LABEL, duplicateCameraScript } from '../../tests/support/fakeDocumentCamera';
import { fromProductPage } from '../../tests/support/productPage';
import { signedInContext } from './browser';
import { recordingNoticePath } from '../../tests/support/recordingNotice';

type SeenAt = Record<string, number>;

const seenOn = (page: Page): Promise<SeenAt> =>
  page.evaluate(() => ({ ...((window as unknown as { vwindowDebug?: { captureSeenAt?: SeenAt } }).vwindowDebug?.captureSeenAt ?? {}) }));

/** Waits for a capture id not in `before` to be seen on `page`; returns when (wall-clock ms). */
async function nextSeen(page: Page, before: SeenAt, timeoutMs = 20_000): Promise<number> {
  const handle = await page.waitForFunction(
    (known) => {
      const seen = (window as unknown as { vwindowDebug?: { captureSeenAt?: Record<string, number> } }).vwindowDebug?.captureSeenAt ?? {};
      const fresh = Object.keys(seen).find((id) => !(id in known));
      return fresh === undefined ? null : seen[fresh];
    },
    before,
    { timeout: timeoutMs, polling: 10 },
  );
  return (await handle.jsonValue()) as number;
}

export async function measureCaptureLatency(browser: Browser, baseURL: string, runs: number): Promise<number[]> {
  const localContext = await signedInContext(browser, baseURL, 'lianshui.local');
  const homeContext = await signedInContext(browser, baseURL, 'pinghu.home');
  await localContext.addInitScript(duplicateCameraScript, { id: DOCUMENT_CAMERA_ID, label: DOCUMENT_CAMERA_LABEL });
  const durations: number[] = [];
  // The product's Origin, which the server requires on state-changing API requests (Playwright's request context sends none).
  const headers = fromProductPage(baseURL);
  try {
    const matters = (await (await localContext.request.get('/api/catalog/matters?jurisdiction=330482')).json()) as { matters: { id: number }[] };
    const first17 = '33048219900202123';
    const started = await localContext.request.post('/api/sessions', {
      headers,
      data: { citizenName: '测试', citizenIdNumber: first17 + idCheckDigit(first17), citizenPhone: '13800138000', homeJurisdictionCode: '330482', matterId: matters.matters[0]!.id },
    });
    const sessionId = ((await started.json()) as { session: { id: string } }).session.id;
    await localContext.request.post(recordingNoticePath(sessionId), { headers });
    const accepted = await homeContext.request.post(`/api/sessions/${sessionId}/accept`, { headers });
    if (!accepted.ok()) throw new Error(`accept failed: ${accepted.status()}`);
    const [localPage, homePage] = await Promise.all([localContext.newPage(), homeContext.newPage()]);
    await Promise.all([localPage.goto(`/local/sessions/${sessionId}`), homePage.goto(`/home/sessions/${sessionId}`)]);

    const add = localPage.getByRole('button', { name: '添加高拍仪' });
    await add.waitFor({ state: 'visible', timeout: 30_000 });
    await localPage.waitForFunction(() => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === '添加高拍仪' && !b.disabled), undefined, { timeout: 30_000 });
    await add.click();
    await localPage.getByRole('button', { name: '移除高拍仪' }).waitFor({ state: 'visible', timeout: 15_000 });
    await localPage.getByLabel('拍照来源').selectOption({ label: '高拍仪' });
    // The home page shows the call before the first capture; its debug object carries captureSeenAt.
    await homePage.waitForFunction(() => window.vwindowDebug !== undefined, undefined, { timeout: 30_000 });

    for (let run = 0; run < runs; run++) {
      const take = localPage.getByRole('button', { name: '拍照', exact: true });
      await take.waitFor({ state: 'visible' });
      await localPage.waitForFunction(() => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === '拍照' && !b.disabled));
      const before = await seenOn(homePage);
      const t0 = await localPage.evaluate(() => {
        const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === '拍照');
        const at = performance.timeOrigin + performance.now();
        button?.click();
        return at;
      });
      durations.push((await nextSeen(homePage, before)) - t0);
    }
    await homeContext.request.post(`/api/sessions/${sessionId}/end`, { headers });
  } finally {
    await localContext.close();
    await homeContext.close();
  }
  return durations;
}

/**
 * 材料采集 and 身份核验 through the pages: the local clerk takes a still from the document camera (a fake
 * camera filming tests/fixtures/document-page.jpg at 1920×1080) and the home side receives the very
 * bytes stored; a PDF upload shows its pages in the viewer; a re-capture request makes the round trip;
 * the identity verdict is recorded with who and when, and no case is received before it.
 */
import { writeFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import type { CaptureView } from '../../signaling/src/protocol/captures';
import { makePdf } from '../support/sampleFiles';
import { documentPageMjpeg, fileCameraArgs } from '../support/fakeDocumentCamera';
import { account, test } from './fixtures';
import { addDocumentCamera, documentTrackSettings, receivedFile, startCaptureCall } from './captureHelpers';
import { shotPath } from './caseHelpers';

test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required', ...fileCameraArgs(documentPageMjpeg())],
  },
});

test.describe('captures and identity', () => {
  test.describe.configure({ timeout: 120_000 });

  test('document still, PDF pages, re-capture round trip, identity verdict before the case', async ({ browser }, testInfo) => {
    const call = await startCaptureCall(browser);
    const { localPage, homePage, sessionId } = call;
    const homeName = account('pinghu.home').displayName;
    const idCard = call.materials.find((m) => m.name.includes('身份证'));
    const pageErrors: string[] = [];
    for (const [side, page] of [['local', localPage], ['home', homePage]] as const) page.on('pageerror', (error) => pageErrors.push(`${side}: ${error.message}`));
    expect(idCard).toBeDefined();
    try {
      await addDocumentCamera(localPage);

      await test.step('a still from the document camera arrives on the home side byte for byte, at 1920×1080', async () => {
        await localPage.getByLabel('材料', { exact: true }).selectOption(String(idCard!.id));
        await localPage.getByLabel('拍照来源').selectOption({ label: '高拍仪' });
        await localPage.getByRole('button', { name: '拍照', exact: true }).click();
        await expect(localPage.getByRole('status').filter({ hasText: `已采集：${idCard!.name}` })).toBeVisible({ timeout: 15_000 });

        const thumb = homePage.locator('[data-capture-panel] img[data-capture-id]');
        await expect(thumb).toHaveCount(1, { timeout: 10_000 });
        await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1920);
        const captureId = await thumb.getAttribute('data-capture-id');
        const list = (await (await homePage.request.get(`/api/sessions/${sessionId}/captures`)).json()) as { captures: CaptureView[] };
        const capture = list.captures.find((c) => c.id === captureId)!;
        expect(capture).toMatchObject({ kind: 'still', mimeType: 'image/jpeg', materialId: idCard!.id, status: 'pending' });

        const received = await receivedFile(homePage, capture.url);
        expect(received.sha256).toBe(capture.sha256);
        expect(received.header).toBe(capture.sha256);
        const settings = await documentTrackSettings(localPage);
        expect(settings).toEqual({ width: 1920, height: 1080 });
        expect({ width: capture.width, height: capture.height }).toEqual(settings);
        expect({ width: received.width, height: received.height }).toEqual(settings);
        // The viewer shows it full size; zoom and rotate apply.
        await homePage.getByRole('button', { name: `查看 ${idCard!.name}` }).click();
        const viewer = homePage.locator('dialog[data-viewer]');
        await expect.poll(() => viewer.locator('img').evaluate((img) => (img as HTMLImageElement).complete)).toBe(true);
        await homePage.screenshot({ path: shotPath((n) => testInfo.outputPath(n), 'capture-viewer-image.png') });
        await viewer.getByRole('button', { name: '旋转 90°' }).click();
        await expect(viewer.locator('[data-rotation="90"]')).toHaveCount(1);
        await viewer.getByRole('button', { name: '关闭' }).click();
        await expect(viewer).toHaveCount(0);
        // The checklist marks the ID card present on both sides.
        for (const page of [localPage, homePage]) await expect(page.locator(`[data-material="${idCard!.name}"]`)).toHaveAttribute('data-present', 'true');
      });

      await test.step('a PDF upload shows its pages in the viewer; a wrong type is refused in the browser', async () => {
        const input = localPage.locator('[data-capture-take] input[type=file]');
        await input.setInputFiles({ name: 'anim.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
        await expect(localPage.getByRole('alert').filter({ hasText: '只能上传 JPEG、PNG 图片或 PDF 文件。' })).toBeVisible();

        const pdfPath = testInfo.outputPath('application.pdf');
        writeFileSync(pdfPath, makePdf());
        await localPage.getByLabel('材料', { exact: true }).selectOption('other');
        await input.setInputFiles(pdfPath);
        await expect(localPage.getByRole('status').filter({ hasText: '已采集：其他材料' })).toBeVisible({ timeout: 15_000 });
        await expect(localPage.getByRole('button', { name: '拍照', exact: true })).toBeEnabled();

        await homePage.getByRole('button', { name: '查看 其他材料' }).click();
        const viewer = homePage.locator('dialog[data-viewer]');
        await expect(viewer.getByText('第 1 / 1 页')).toBeVisible({ timeout: 15_000 });
        await expect(viewer.locator('[data-pdf-rendered="1"]')).toHaveCount(1);
        await homePage.screenshot({ path: shotPath((n) => testInfo.outputPath(n), 'capture-viewer-pdf.png') });
        await viewer.getByRole('button', { name: '放大' }).click();
        await viewer.getByRole('button', { name: '旋转 90°' }).click();
        await expect(viewer.locator('[data-zoom="1.25"][data-rotation="90"]')).toHaveCount(1);
        await viewer.getByRole('button', { name: '关闭' }).click();
        await expect(viewer).toHaveCount(0);
      });

      await test.step('the home clerk asks for a re-capture; the local side sees it at once', async () => {
        const card = homePage.locator('[data-capture-panel] li[data-capture]').first();
        await card.getByRole('button', { name: '要求重新采集' }).click();
        await card.getByLabel('重新采集的原因').fill('反光，看不清印章');
        await card.getByRole('button', { name: '发送要求' }).click();
        await expect(card).toHaveAttribute('data-status', 'recapture_requested');

        await expect(localPage.locator('[data-recapture-banner]')).toContainText('属地窗口要求重新采集 1 份材料');
        const localCard = localPage.locator('[data-capture-panel] li[data-status="recapture_requested"]');
        await expect(localCard).toContainText('需重新采集：反光，看不清印章');
        await expect(localPage.locator(`[data-material="${idCard!.name}"]`)).toHaveAttribute('data-present', 'false');
        await localPage.locator('[data-capture-panel]').screenshot({ path: shotPath((n) => testInfo.outputPath(n), 'capture-gallery-local.png') });

        await card.getByRole('button', { name: '确认' }).click();
        await expect(localPage.locator('[data-recapture-banner]')).toHaveCount(0);
        await expect(localPage.locator('[data-capture-panel] li[data-capture]').first()).toContainText('已确认');
      });

      await test.step('no case before the identity verdict; the verdict is recorded with who and when on both sides', async () => {
        const early = await homePage.request.post(`/api/sessions/${sessionId}/case`);
        expect(early.status()).toBe(409);
        expect(((await early.json()) as { error: { message: string } }).error.message).toContain('尚未记录“身份核验通过”');

        await localPage.getByRole('button', { name: '抓拍现场照片' }).click();
        await expect(localPage.getByText('现场照片已保存（其他材料）。')).toBeVisible({ timeout: 15_000 });
        await expect(homePage.locator('[data-identity-slot="live"]')).not.toHaveAttribute('data-capture', '', { timeout: 10_000 });
        await expect(homePage.locator('[data-identity-slot="front"]')).not.toHaveAttribute('data-capture', '');
        await expect(homePage.locator('[data-id-number]')).toHaveText(/^330482199001017\d{2}[\dX]$/);
        await expect(homePage.locator('[data-check="region"]')).toContainText('✓ 330482 平湖市');

        await homePage.getByRole('button', { name: '记录核验结论' }).click();
        for (const page of [homePage, localPage]) {
          await expect(page.locator('[data-identity-panel="verified"]')).toBeVisible();
          await expect(page.locator('[data-checked-by]')).toHaveText(homeName);
          await expect(page.locator('[data-checked-at]')).toHaveText(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);
        }
        await expect(localPage.locator('[data-id-number]')).toHaveText(/^330482\*+/);
        await homePage.locator('[data-identity-panel]').screenshot({ path: shotPath((n) => testInfo.outputPath(n), 'identity-home.png') });
        await homePage.locator('[data-capture-panel]').screenshot({ path: shotPath((n) => testInfo.outputPath(n), 'capture-gallery-home.png') });

        const after = await homePage.request.post(`/api/sessions/${sessionId}/case`);
        expect(after.status()).toBe(201);
      });
      expect(pageErrors).toEqual([]);
    } finally {
      await call.close();
    }
  });
});

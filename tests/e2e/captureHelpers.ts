/**
 * Helpers of the capture tests: a call whose local clerk has a document camera filming
 * tests/fixtures/document-page.jpg (see tests/support/fakeDocumentCamera.ts), and what the pages say
 * about a capture's bytes and the document camera track.
 */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { idCheckDigit } from '../../signaling/src/protocol/idNumber';
import type { SessionView } from '../../signaling/src/protocol/sessions';
import { DOCUMENT_CAMERA_ID, DOCUMENT_CAMERA_LABEL, duplicateCameraScript } from '../support/fakeDocumentCamera';
import { signIn, productApi } from './fixtures';
import { recordingNoticePath } from '../support/recordingNotice';

export const PINGHU = '330482';

export interface CaptureCall {
  sessionId: string;
  materials: { id: number; name: string; required: boolean }[];
  localContext: BrowserContext;
  homeContext: BrowserContext;
  localPage: Page;
  homePage: Page;
  close(): Promise<void>;
}

/** lianshui.local starts a session for 平湖市 (citizen `first17` + check digit), pinghu.home accepts; both open it. */
export async function startCaptureCall(browser: Browser, first17 = '33048219900101777'): Promise<CaptureCall> {
  const [localContext, homeContext] = await Promise.all([browser.newContext(), browser.newContext()]);
  await localContext.addInitScript(duplicateCameraScript, { id: DOCUMENT_CAMERA_ID, label: DOCUMENT_CAMERA_LABEL });
  const [localPage, homePage] = await Promise.all([localContext.newPage(), homeContext.newPage()]);
  await Promise.all([signIn(localPage, 'lianshui.local', '/local'), signIn(homePage, 'pinghu.home', '/home')]);

  const catalog = (await (await localPage.request.get(`/api/catalog/matters?jurisdiction=${PINGHU}`)).json()) as {
    matters: { id: number; materials: { id: number; name: string; required: boolean }[] }[];
  };
  const matter = catalog.matters[0];
  if (!matter) throw new Error(`no matter for ${PINGHU} in the seed`);
  const started = await productApi(localPage).post('/api/sessions', {
    data: { citizenName: '陈先生', citizenIdNumber: first17 + idCheckDigit(first17), citizenPhone: '13800138000', homeJurisdictionCode: PINGHU, matterId: matter.id },
  });
  expect(started.status()).toBe(201);
  const { session } = (await started.json()) as { session: SessionView };
  expect((await productApi(localPage).post(recordingNoticePath(session.id))).status()).toBe(201);
  expect((await productApi(homePage).post(`/api/sessions/${session.id}/accept`)).ok()).toBe(true);
  await Promise.all([localPage.goto(`/local/sessions/${session.id}`), homePage.goto(`/home/sessions/${session.id}`)]);
  return {
    sessionId: session.id,
    materials: matter.materials,
    localContext,
    homeContext,
    localPage,
    homePage,
    close: async () => {
      await Promise.all([localContext.close(), homeContext.close()]);
    },
  };
}

/** The local clerk adds the document camera (the duplicated file camera) and the capture panel offers it. */
export async function addDocumentCamera(localPage: Page): Promise<void> {
  const add = localPage.getByRole('button', { name: '添加高拍仪' });
  await expect(add).toBeEnabled({ timeout: 20_000 });
  await add.click();
  await expect(localPage.getByRole('button', { name: '移除高拍仪' })).toBeVisible({ timeout: 15_000 });
  await expect(localPage.getByLabel('拍照来源').locator('option', { hasText: '高拍仪' })).toHaveCount(1);
}

/** The settings of the local document camera track, read from its preview tile. */
export function documentTrackSettings(localPage: Page): Promise<{ width?: number; height?: number }> {
  return localPage.getByLabel('材料高拍仪（本机预览）').evaluate((video) => {
    const stream = (video as HTMLVideoElement).srcObject;
    const track = stream instanceof MediaStream ? stream.getVideoTracks()[0] : undefined;
    const { width, height } = track?.getSettings() ?? {};
    return { width, height };
  });
}

/** Fetches `url` in `page` (as that clerk) and returns the SHA-256 of the body, its header and its decoded size. */
export function receivedFile(page: Page, url: string): Promise<{ sha256: string; header: string | null; width: number; height: number }> {
  return page.evaluate(async (target) => {
    const response = await fetch(target, { cache: 'no-store' });
    const bytes = await response.arrayBuffer();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    const bitmap = await createImageBitmap(new Blob([bytes]));
    return {
      sha256: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''),
      header: response.headers.get('x-capture-sha256'),
      width: bitmap.width,
      height: bitmap.height,
    };
  }, url);
}

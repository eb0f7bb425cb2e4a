/**
 * The citizen's signature and the 一次性告知书 (issue 19 items 3 and 4), in Chromium against the real
 * server: the local clerk opens the signing kiosk for a document made from the case, the citizen signs
 * by drawing on the pad (an empty pad is refused), and the home clerk's case page shows the signature
 * appear live with the document's sha256 — the sha256 of the very PDF the kiosk showed. A supplement
 * (补正) asked on the home clerk's case page issues the notice: the local clerk opens it, it passes the
 * 适老化 checks, is printed to PDF by Chromium and downloaded, and both PDFs name every material with
 * its reason, the deadline and the legal basis.
 */
import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import type { NoticeView } from '../../signaling/src/protocol/notices';
import { pdfText } from '../support/pdfText';
import { dataUrl, drawnSignature } from '../support/signaturePng';
import { citizenId, endSession, readySession, receiveCase, shotPath } from './caseHelpers';
import { expectCitizenPageChecks } from './elderlyChecks';
import { expect, productApi, signedIn, test } from './fixtures';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** A sentence as pdfText gives it back (NFKC: full-width punctuation as ASCII), without spaces. */
const comparable = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');

/** Draws a signature-like stroke across the pad with the mouse (a finger or stylus does the same through pointer events). */
async function drawSignature(page: Page): Promise<void> {
  const pad = page.locator('[data-signature-pad]');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  await page.mouse.move(...at(0.15, 0.6));
  await page.mouse.down();
  for (let i = 1; i <= 24; i++) {
    const fx = 0.15 + (0.7 * i) / 24;
    await page.mouse.move(...at(fx, 0.5 + 0.25 * Math.sin(i / 2.5)), { steps: 2 });
  }
  await page.mouse.up();
}

test.describe('signature and 一次性告知书', () => {
  test.describe.configure({ timeout: 120_000 });

  test('the citizen signs on the kiosk (an empty pad is refused) and the home clerk sees the signed document live with its hash', async ({ browser, consoleGuard }, testInfo) => {
    consoleGuard.allow(/status of 409 \(Conflict\)/, 'the signature for another hash the test posts on purpose');
    const local = await signedIn(browser, 'lianshui.local', '/local');
    const home = await signedIn(browser, 'pinghu.home', '/home');
    const { sessionId } = await readySession(local.page, home.page, citizenId(901));
    try {
      const kase = await receiveCase(home.page, sessionId);
      await home.page.goto(`/cases/${kase.id}`);
      const homeDocuments = home.page.locator('[data-case-documents]');
      await expect(homeDocuments).toContainText('还没有签名');

      // The local clerk makes the application form and opens it on the tablet (a second window).
      await local.page.goto(`/cases/${kase.id}`);
      const [kiosk] = await Promise.all([local.context.waitForEvent('page'), local.page.getByRole('button', { name: '申请表签名' }).click()]);
      await kiosk.waitForLoadState();
      await expect(kiosk).toHaveURL(/\/sign\/[0-9a-f-]{36}\?kiosk=1$/);
      await expect(kiosk.getByRole('heading', { level: 1, name: '请核对文书并签名' })).toBeVisible();
      await expect(kiosk.locator('[data-rendered="1"]')).toHaveCount(1);
      const shownSha = (await kiosk.locator('[data-document-sha256]').textContent())!.trim();
      expect(shownSha).toMatch(/^[0-9a-f]{64}$/);
      await expectCitizenPageChecks(kiosk, 'signing kiosk');
      await kiosk.screenshot({ path: shotPath(testInfo.outputPath.bind(testInfo), 'signing-kiosk.png'), fullPage: true });

      // An empty pad is refused in words.
      await kiosk.getByRole('button', { name: '确认签名' }).click();
      await expect(kiosk.locator('[data-signature-error]')).toHaveText('还没有签名：请在签名框内写下您的名字后再确认。');

      // A signature for another hash than the one shown: refused, nothing stored.
      const documentId = new URL(kiosk.url()).pathname.split('/').at(-1)!;
      const forged = await productApi(local.page).post(`/api/signing-documents/${documentId}/signatures`, {
        data: { documentSha256: 'f'.repeat(64), image: dataUrl(drawnSignature()) },
      });
      expect(forged.status()).toBe(409);
      expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('SIGNATURE_DOCUMENT_MISMATCH');

      // The citizen signs.
      await drawSignature(kiosk);
      await kiosk.getByRole('button', { name: '确认签名' }).click();
      const done = kiosk.getByRole('status').filter({ hasText: '签名已保存' });
      await expect(done).toBeVisible();
      await expect(done).toContainText(shownSha);
      await expectCitizenPageChecks(kiosk, 'signed');
      await kiosk.screenshot({ path: shotPath(testInfo.outputPath.bind(testInfo), 'signing-done.png'), fullPage: true });

      // The home clerk sees it appear, bound to the sha256 of the document shown: the PDF's own hash.
      const signed = homeDocuments.locator(`[data-document-sha256="${shownSha}"]`);
      await expect(signed).toHaveCount(1);
      await expect(signed).toContainText(shownSha);
      await expect(homeDocuments.getByRole('status')).toContainText('新签名：申请表');
      await expect(signed.getByRole('img', { name: '签名图片' })).toBeVisible();
      const signatures = (await (await home.page.request.get(`/api/cases/${kase.id}/signatures`)).json()) as { signatures: { pdfUrl: string; documentSha256: string }[] };
      expect(signatures.signatures).toHaveLength(1);
      const pdf = await home.page.request.get(signatures.signatures[0]!.pdfUrl);
      expect(sha256(await pdf.body())).toBe(shownSha);
      await home.page.screenshot({ path: shotPath(testInfo.outputPath.bind(testInfo), 'signature-home.png'), fullPage: true });
    } finally {
      await endSession(home.page, sessionId);
      await Promise.all([local.context.close(), home.context.close()]);
    }
  });

  test('a supplement produces the notice: printed to PDF and downloaded, each names every missing material with its reason', async ({ browser }, testInfo) => {
    const local = await signedIn(browser, 'lianshui.local', '/local');
    const home = await signedIn(browser, 'pinghu.home', '/home');
    const { sessionId } = await readySession(local.page, home.page, citizenId(902));
    try {
      // Received with required materials missing (only an "other" page was captured).
      const kase = await receiveCase(home.page, sessionId);
      expect(kase.receiptGaps?.missing.length).toBeGreaterThan(0);
      await local.page.goto(`/cases/${kase.id}`);

      // The home clerk asks for a supplement on the case page.
      await home.page.goto(`/cases/${kase.id}`);
      const supplement = home.page.locator('form[action$="?/supplement"]');
      await supplement.getByLabel('材料名称').first().fill('结婚证');
      await supplement.getByLabel('说明').first().fill('复印件不清晰，请携带原件');
      await supplement.getByRole('button', { name: '要求补正' }).click();
      await expect(home.page.getByRole('status')).toHaveText('已要求补正。');

      // The local clerk's page shows the notice (pushed), and opens it to print.
      const link = local.page.locator('[data-notice-link]');
      await expect(link).toHaveCount(1);
      const { notices } = (await (await local.page.request.get(`/api/cases/${kase.id}/notices`)).json()) as { notices: NoticeView[] };
      const notice = notices[0]!;
      expect(notice.items[0]).toEqual({ material: '结婚证', reason: '复印件不清晰，请携带原件' });
      expect(notice.items.map((i) => i.material)).toEqual(expect.arrayContaining(kase.receiptGaps!.missing.map((m) => m.material)));
      const [page] = await Promise.all([local.context.waitForEvent('page'), link.getByRole('link', { name: '打印告知书' }).click()]);
      await page.waitForLoadState();
      await expect(page.getByRole('heading', { level: 1, name: '补正材料一次性告知书' })).toBeVisible();
      await expect(page.locator('[data-notice-item]')).toHaveCount(notice.items.length);
      await expectCitizenPageChecks(page, 'notice');
      await page.screenshot({ path: shotPath(testInfo.outputPath.bind(testInfo), 'notice.png'), fullPage: true });

      // Printed by Chromium, and the PDF made by the server: every material, its reason, the deadline, the legal basis, the contact.
      const printed = (await pdfText(await page.pdf({ format: 'A4' }))).replace(/\s+/g, '');
      const download = await page.request.get(`${notice.pdfUrl}?download=1`);
      expect(download.headers()['content-disposition']).toMatch(/^attachment;/);
      const downloaded = (await pdfText(await download.body())).replace(/\s+/g, '');
      for (const [name, text] of [['printed', printed], ['downloaded', downloaded]] as const) {
        for (const item of notice.items) {
          expect(text, `${name}: ${item.material}`).toContain(comparable(item.material));
          expect(text, `${name}: ${item.reason}`).toContain(comparable(item.reason));
        }
        expect(text, `${name}: legal basis`).toContain('《中华人民共和国行政许可法》第三十二条');
        expect(text, `${name}: clerk`).toContain('沈佳怡');
      }
      expect(printed).toContain(notice.deadline!.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_m, y: string, m: string, d: string) => `${y}年${Number(m)}月${Number(d)}日`));
      expect(downloaded).toContain(notice.deadline!);
      // On paper: no buttons, no page header.
      await page.emulateMedia({ media: 'print' });
      await expect(page.getByRole('button', { name: '打印' })).toBeHidden();
      await expect(page.getByRole('button', { name: /读屏/ })).toBeHidden();
    } finally {
      await endSession(home.page, sessionId);
      await Promise.all([local.context.close(), home.context.close()]);
    }
  });
});

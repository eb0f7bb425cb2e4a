/**
 * The self-test page in Chromium: camera, microphone and the three network paths. On the suite's server
 * (no TURN) the relay row says so; on a server of its own with the embedded coturn, Chromium gathers a
 * relay candidate with the time-limited credentials and reaches the SFU through it (iceTransportPolicy
 * 'relay'), over plain TURN and, with HTTPS from the local CA, over TURN/TLS only (turns:).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startTestServer, type TestServer } from '../support/testServer';
import { DEMO_PASSWORD, signIn, watchCsp, expect, test } from './fixtures';

function row(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
}

async function runSelfTest(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: '设备与网络自检' })).toBeVisible();
  await page.getByRole('button', { name: '开始检查' }).click();
  await expect(page.getByRole('button', { name: '重新检查' })).toBeEnabled({ timeout: 25_000 });
}

test.describe('self-test page', () => {
  test('shows the camera, the microphone, UDP and TCP working, and no TURN on this server', async ({ page }) => {
    await signIn(page, 'pinghu.local', '/local');
    await page.getByRole('banner').getByRole('link', { name: '设备与网络自检' }).click();
    await expect(page).toHaveURL('/self-test');
    await runSelfTest(page);
    await expect(row(page, '摄像头')).toContainText('正常');
    await expect(row(page, '摄像头')).toContainText(/\d+×\d+/);
    await expect(row(page, '麦克风')).toContainText('正常');
    await expect(row(page, '网络（UDP 直连）')).toContainText('正常');
    await expect(row(page, '网络（UDP 直连）')).toContainText('已连通（UDP');
    await expect(row(page, '网络（TCP 直连）')).toContainText('已连通（TCP');
    await expect(row(page, '网络（TURN 中继）')).toContainText('服务器未配置中继');
    await expect(page.getByRole('status')).toContainText('本机可以正常进行视频办理。');
    expect(await page.locator('video').evaluate((video: HTMLVideoElement) => video.videoWidth)).toBeGreaterThan(0);
  });

  test('asks a visitor to sign in first', async ({ page }) => {
    await page.goto('/self-test');
    await expect(page).toHaveURL('/sign-in?next=%2Fself-test');
    await page.getByLabel('用户名').fill('pinghu.home');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect(page).toHaveURL('/self-test');
  });

  test.describe('with the embedded TURN server', () => {
    let server: TestServer;
    test.beforeAll(async () => {
      const free = 20000 + Math.floor(Math.random() * 5000) * 2;
      server = await startTestServer({ VWINDOW_TURN: 'embedded', VWINDOW_TURN_PLAIN_PORT: String(free), VWINDOW_TURN_PORT: String(free + 1) });
    });
    test.afterAll(async () => {
      await server?.dispose();
    });

    test('reaches the server through TURN with the credentials the page was given', async ({ page }) => {
      await page.goto(`${server.url}/sign-in?next=%2Fself-test`);
      await page.getByLabel('用户名').fill('pinghu.home');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await expect(page).toHaveURL(`${server.url}/self-test`);
      await runSelfTest(page);
      const relay = row(page, '网络（TURN 中继）');
      await expect(relay).toContainText('正常');
      // The SFU sees the relay's address: coturn's relay ports, not the browser's own.
      const detail = await relay.locator('.detail').textContent();
      const port = Number(/:(\d+)）$/.exec(detail ?? '')?.[1]);
      expect(port).toBeGreaterThanOrEqual(49152);
      await expect(page.getByRole('status')).toContainText('本机可以正常进行视频办理。');
    });
  });

  test.describe('over HTTPS with TURN over TLS only', () => {
    let server: TestServer;
    let browser: Browser;
    test.beforeAll(async () => {
      const free = 20000 + Math.floor(Math.random() * 5000) * 2;
      server = await startTestServer({ VWINDOW_TLS: 'local', VWINDOW_TURN: 'embedded', VWINDOW_TURN_PORT: String(free), VWINDOW_TURN_PLAIN_PORT: '0' });
      // Trust exactly this server's certificate (pinned by its key), as a hall PC trusting the CA would:
      // any other certificate error still fails the page and the TURN/TLS connection.
      const leaf = new X509Certificate(readFileSync(join(server.dataDir, 'tls', 'server.pem')));
      const spki = createHash('sha256').update(leaf.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--use-fake-device-for-media-stream',
          '--use-fake-ui-for-media-stream',
          `--ignore-certificate-errors-spki-list=${spki}`,
        ],
      });
    });
    test.afterAll(async () => {
      await browser?.close();
      await server?.dispose();
    });

    test('reaches the server through turns: with the page over HTTPS', async ({ consoleGuard, cspViolations }) => {
      consoleGuard.watch(browser);
      const page = await browser.newPage({ locale: 'zh-CN' });
      watchCsp(page.context(), cspViolations);
      expect(server.url).toMatch(/^https:/);
      await page.goto(`${server.url}/sign-in?next=%2Fself-test`);
      await expect(page.getByRole('link', { name: '下载本系统根证书' })).toBeVisible();
      await page.getByLabel('用户名').fill('pinghu.local');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await expect(page).toHaveURL(`${server.url}/self-test`);
      await runSelfTest(page);
      await expect(row(page, '摄像头')).toContainText('正常');
      const relay = row(page, '网络（TURN 中继）');
      await expect(relay).toContainText('正常');
      const detail = await relay.locator('.detail').textContent();
      expect(Number(/:(\d+)）$/.exec(detail ?? '')?.[1])).toBeGreaterThanOrEqual(49152);
    });
  });
});

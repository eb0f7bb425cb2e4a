/** Debian's Chromium with fake camera and microphone, and signed-in browser contexts. */
import { chromium, type Browser, type BrowserContext } from '@playwright/test';

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      ...extraArgs,
    ],
  });
}

export async function signedInContext(browser: Browser, baseURL: string, username: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  // The bench runs under tsx, whose esbuild keeps function names by wrapping them in __name(...);
  // functions handed to the page (init scripts, evaluate) carry those calls, so the page needs one.
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  const response = await context.request.post('/api/auth/sign-in', { data: { username, password: 'Window@2026' } });
  if (!response.ok()) throw new Error(`sign-in of ${username} failed: ${response.status()}`);
  return context;
}

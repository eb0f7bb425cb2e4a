/** Debian's Chromium with fake camera and microphone, and signed-in browser contexts. */
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { benchChromiumArgs, CHROMIUM } from '../../tests/support/chromiumArgs';
import { pageApi } from '../../tests/support/pageApi';
import { tracePeerConnections } from './milestones';

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...benchChromiumArgs, ...extraArgs] });
}

/**
 * A browser context signed in as `username`. The sign-in goes from a page of the context, so that it
 * takes the browser's own way to the server (in the hall rows, only the hall hosts reach it).
 */
export async function signedInContext(browser: Browser, baseURL: string, username: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  // The bench runs under tsx, whose esbuild keeps function names by wrapping them in __name(...);
  // functions handed to the page (init scripts, evaluate) carry those calls, so the page needs one.
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  await tracePeerConnections(context);
  const page = await context.newPage();
  await page.goto('/sign-in');
  const response = await pageApi(page, 'POST', '/api/auth/sign-in', { username, password: 'Window@2026' });
  await page.close();
  if (response.status !== 200) throw new Error(`sign-in of ${username} failed: ${response.status}`);
  return context;
}

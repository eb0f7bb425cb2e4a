/**
 * Shared pieces of the end-to-end tests: `test` (every spec imports it from here) with two automatic
 * checks: the console guard (no unexpected warning or error on any page) and no Content-Security-Policy
 * violation; the demo accounts the server seeds on first start, signing in through the form the way a
 * person does, and the API called as a page of the product calls it.
 */
import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';
import { DEMO_PASSWORD, demoAccounts, type DemoAccount } from '../../db/src/seed/staff';
import { idCheckDigit } from '../../signaling/src/protocol/idNumber';

export { DEMO_PASSWORD, expect };

/**
 * Collects the Content-Security-Policy violations of every page of `context`: Chromium's own console
 * error for each, and the page's securitypolicyviolation event (directive, what was blocked, where).
 */
export function watchCsp(context: BrowserContext, violations: string[]): void {
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`${message.location().url}: ${message.text()}`);
  });
  void context
    .addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`Content Security Policy violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`);
      });
    })
    .catch(() => {});
}

/** Playwright's test, failing a test whose pages (in any of its browser contexts) reported a CSP violation. */
const cspTest = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ browser }, use) => {
      const violations: string[] = [];
      const watch = (context: BrowserContext) => watchCsp(context, violations);
      browser.contexts().forEach(watch);
      browser.on('context', watch);
      await use(violations);
      browser.off('context', watch);
      expect(violations, 'Content-Security-Policy violations reported by the pages').toEqual([]);
    },
    { auto: true },
  ],
});

/**
 * The HTTP API as a page of the product calls it: with the browser context's cookies and the product's
 * Origin, which the server requires on every state-changing request (Playwright's request context
 * sends none of its own).
 */
export function productApi(owner: { request: APIRequestContext }) {
  const origin = new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1').origin;
  const { request } = owner;
  type Options = Parameters<APIRequestContext['post']>[1];
  const withOrigin = (options: Options = {}): Options => ({ ...options, headers: { origin, ...options.headers } });
  return {
    get: (url: string, options?: Parameters<APIRequestContext['get']>[1]) => request.get(url, options),
    post: (url: string, options?: Options) => request.post(url, withOrigin(options)),
    put: (url: string, options?: Options) => request.put(url, withOrigin(options)),
    delete: (url: string, options?: Options) => request.delete(url, withOrigin(options)),
  };
}

/** The sign-in cookie's name (see signaling/src/protocol/auth.ts). */
export { SIGN_IN_COOKIE } from '../../signaling/src/protocol/auth';

export function account(username: string): DemoAccount {
  const found = demoAccounts.find((candidate) => candidate.username === username);
  if (!found) throw new Error(`no demo account ${username} in db/src/seed/staff.ts`);
  return found;
}

/** Fills and submits the sign-in form; does not wait for where it lands. */
export async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: '工作人员登录' })).toBeVisible();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/** Signs in with the demo password and waits for the console the role lands on. */
export async function signIn(page: Page, username: string, consolePath: string): Promise<void> {
  await submitSignIn(page, username, DEMO_PASSWORD);
  await expect(page).toHaveURL(consolePath);
}

/** A browser context of its own, signed in as `username`, on the console the role lands on. */
export async function signedIn(browser: Browser, username: string, consolePath: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, username, consolePath);
  return { context, page };
}

/** A valid ID number: 14 leading digits (region and birth date), a sequence that makes it unique, the check digit. */
export function idNumberFor(first14: string, sequence: number): string {
  const first17 = `${first14}${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

/**
 * What Chromium itself prints to a page's console that the product cannot avoid. Nothing else may
 * appear: every other warning or error of a page (the product's own console.warn/error, a failed
 * request Chromium logs as "Failed to load resource", an uncaught exception) fails the test.
 */
const CHROMIUM_NOISE: readonly { pattern: RegExp; why: string }[] = [];

/** A console message or page error that was not expected. */
interface ConsoleProblem {
  where: string;
  text: string;
}

export interface ConsoleGuard {
  /**
   * Lets this test's pages print messages matching `pattern`: only for what the test itself provokes
   * (a request it expects to be refused), with the reason.
   */
  allow(pattern: RegExp, why: string): void;
  /** Watches a browser or context the test made itself (another browser than the fixture's). */
  watch(target: Browser | BrowserContext): void;
}

const described = (message: ConsoleMessage): string => {
  const { url, lineNumber } = message.location();
  return `${message.type()} ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`;
};

export const test = cspTest.extend<{ consoleGuard: ConsoleGuard }>({
  consoleGuard: [
    async ({ browser }, use) => {
      const allowed: { pattern: RegExp; why: string }[] = [...CHROMIUM_NOISE];
      const problems: ConsoleProblem[] = [];
      const watched = new WeakSet<BrowserContext>();
      const watchContext = (context: BrowserContext): void => {
        if (watched.has(context)) return;
        watched.add(context);
        context.on('console', (message) => {
          if (message.type() !== 'warning' && message.type() !== 'error') return;
          if (allowed.some(({ pattern }) => pattern.test(message.text()))) return;
          problems.push({ where: message.page()?.url() ?? '(no page)', text: described(message) });
        });
        context.on('weberror', (error) => {
          const text = `uncaught ${error.error().message}`;
          if (!allowed.some(({ pattern }) => pattern.test(text))) problems.push({ where: error.page()?.url() ?? '(no page)', text });
        });
      };
      const watchBrowser = (target: Browser): (() => void) => {
        for (const context of target.contexts()) watchContext(context);
        // Contexts the test (or Playwright's own `context` fixture, or browser.newPage) makes from now on.
        const newContext = target.newContext.bind(target);
        target.newContext = async (options) => {
          const context = await newContext(options);
          watchContext(context);
          return context;
        };
        return () => {
          target.newContext = newContext;
        };
      };
      const undo = [watchBrowser(browser)];
      await use({
        allow: (pattern, why) => allowed.push({ pattern, why }),
        watch: (target) => ('newContext' in target ? undo.push(watchBrowser(target)) : watchContext(target)),
      });
      for (const restore of undo) restore();
      if (problems.length > 0) {
        throw new Error(`the pages printed ${problems.length} unexpected console warning(s)/error(s):\n${problems.map((p) => `  ${p.text}  [on ${p.where}]`).join('\n')}`);
      }
    },
    { auto: true },
  ],
});

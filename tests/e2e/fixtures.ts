/**
 * Shared pieces of the end-to-end tests: the demo accounts the server seeds on first start, and
 * signing in through the form the way a person does.
 */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, demoAccounts, type DemoAccount } from '../../db/src/seed/staff';
import { idCheckDigit } from '../../signaling/src/protocol/idNumber';

export { DEMO_PASSWORD };

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

/**
 * 适老化 (issue 19 item 5): the citizen pages (the rating kiosk and its phone variant, the public case
 * status page, the printed receipt) pass axe-core and the size, spacing, contrast and target checks in
 * every state; a rating can be given with the keyboard alone; 读屏 reads the page through the browser's
 * speech synthesis; the thanks stay on screen; the consoles' 大字号 switch persists and enlarges text.
 */
import type { Page } from '@playwright/test';
import { citizenId, endSession, readySession, receiveCase } from './caseHelpers';
import { expectCitizenPageChecks, expectElderlyFriendly, expectNoSeriousAxeViolations } from './elderlyChecks';
import { expect, productApi, signedIn, test } from './fixtures';
import { clerkApis, endedSession, ratingState } from './ratingHelpers';

const PHONE = { width: 390, height: 844 };

/** Records what the page hands to the real speechSynthesis.speak and cancel, then calls them. */
const observeSpeech = () => {
  const spoken: { text: string; lang: string }[] = [];
  const record = window as unknown as { vwSpoken: typeof spoken; vwCancelled: number };
  record.vwSpoken = spoken;
  record.vwCancelled = 0;
  const synth = window.speechSynthesis;
  const speak = synth.speak.bind(synth);
  const cancel = synth.cancel.bind(synth);
  synth.speak = (utterance: SpeechSynthesisUtterance) => {
    spoken.push({ text: utterance.text, lang: utterance.lang });
    speak(utterance);
  };
  synth.cancel = () => {
    record.vwCancelled++;
    cancel();
  };
};

/** Where the keyboard focus is, in words a failure message can show. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el) return 'none';
    return `${el.tagName.toLowerCase()}${el.name ? `[name=${el.name}]` : ''}${el.value && el.type !== 'textarea' ? `=${el.value}` : ''}`;
  });

async function tabTo(page: Page, wanted: string, max = 20): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    seen.push(now);
    if (now.startsWith(wanted)) return seen;
  }
  throw new Error(`Tab never reached ${wanted}: ${seen.join(' → ')}`);
}

test.describe('适老化: citizen pages', () => {
  // Every state runs axe-core and the measurements: a few seconds each on a shared machine.
  test.describe.configure({ timeout: 90_000 });
  const clerks = clerkApis();

  test('the rating page on the kiosk and on a phone, the thanks that stay, already rated and an unknown link pass the checks', async ({ browser }) => {
    const session = await endedSession(clerks.local, clerks.home);
    const context = await browser.newContext();
    const citizen = await context.newPage();
    await citizen.clock.install();
    await citizen.goto(`${session.link.path}?kiosk=1`);
    await expect(citizen.getByRole('heading', { level: 1, name: '请您为本次服务评价' })).toBeVisible();
    await expect(citizen.getByRole('button', { name: '读屏' })).toBeVisible();
    await expectCitizenPageChecks(citizen, 'rating form (kiosk)');

    // A bad level shows the reasons: measured too, and each level says 已选 in words, not colour alone.
    await citizen.getByRole('radio', { name: '不满意', exact: true }).check();
    await expect(citizen.getByRole('checkbox', { name: '服务态度不好' })).toBeVisible();
    await expect(citizen.locator('label[data-level="2"]')).toContainText('已选');
    await expect(citizen.locator('label[data-level="5"] .chosen')).toBeHidden();
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await expect(citizen.getByRole('alert')).toContainText('请');
    await expectCitizenPageChecks(citizen, 'rating form with reasons and an error (kiosk)');

    await citizen.getByRole('checkbox', { name: '等待时间过长' }).check();
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await expect(citizen.getByRole('heading', { name: '感谢您的评价！' })).toBeVisible();
    await expectCitizenPageChecks(citizen, 'thanks (kiosk)');

    // No timer closes or replaces the thanks: ten minutes later (every timer of the page run) it is still there.
    const url = citizen.url();
    await citizen.clock.runFor(10 * 60_000);
    await expect(citizen.getByRole('heading', { name: '感谢您的评价！' })).toBeVisible();
    expect(citizen.url()).toBe(url);

    // The same link again on a phone: already rated.
    await citizen.setViewportSize(PHONE);
    await citizen.goto(session.link.path);
    await expect(citizen.getByRole('heading', { name: '本次服务已评价' })).toBeVisible();
    await expectCitizenPageChecks(citizen, 'already rated (phone)');

    // An unknown link: the same notice as an expired one, in its own words.
    await citizen.goto(`/rate/${'Z'.repeat(43)}`);
    await expect(citizen.getByRole('heading', { name: '评价链接无效' })).toBeVisible();
    await expectCitizenPageChecks(citizen, 'unknown link (phone)');

    // A fresh link on the phone: the form in one column.
    const second = await endedSession(clerks.local, clerks.home);
    await citizen.goto(second.link.path);
    await expect(citizen.getByRole('heading', { level: 1, name: '请您为本次服务评价' })).toBeVisible();
    await expectCitizenPageChecks(citizen, 'rating form (phone)');
    await citizen.getByRole('radio', { name: '非常不满意', exact: true }).check();
    await expectElderlyFriendly(citizen, 'rating form with reasons (phone)');
    await context.close();
  });

  test('a rating given with the keyboard alone, in a logical order with a visible focus', async ({ browser }) => {
    const session = await endedSession(clerks.local, clerks.home);
    const context = await browser.newContext();
    const citizen = await context.newPage();
    await citizen.goto(`${session.link.path}?kiosk=1`);
    await expect(citizen.getByRole('button', { name: '读屏' })).toBeVisible();

    const order = await tabTo(citizen, 'input[name=level]');
    expect(order).toEqual(['button', 'button', 'input[name=level]=5']);
    const focusRing = await citizen.locator('label.level:has(input:focus-visible)').evaluate((label) => getComputedStyle(label).outlineStyle);
    expect(focusRing).toBe('solid');

    // Arrow keys walk the five levels (and choose); the bottom one opens the reasons.
    for (let i = 0; i < 4; i++) await citizen.keyboard.press('ArrowRight');
    await expect(citizen.getByRole('radio', { name: '非常不满意', exact: true })).toBeChecked();
    await expect(citizen.getByRole('radio', { name: '非常不满意', exact: true })).toBeFocused();

    await citizen.keyboard.press('Tab');
    await expect(citizen.getByRole('checkbox', { name: '服务态度不好' })).toBeFocused();
    await citizen.keyboard.press('Space');
    await expect(citizen.getByRole('checkbox', { name: '服务态度不好' })).toBeChecked();
    const rest = await tabTo(citizen, 'textarea');
    expect(rest.every((step) => step.startsWith('input[name=reasons]') || step.startsWith('textarea'))).toBe(true);
    await citizen.keyboard.type('键盘提交');
    await citizen.keyboard.press('Tab');
    await expect(citizen.getByRole('button', { name: '提交评价' })).toBeFocused();
    await citizen.keyboard.press('Enter');
    await expect(citizen.getByRole('heading', { name: '感谢您的评价！' })).toBeVisible();

    const stored = await ratingState(clerks.local, session.token);
    expect(stored.state).toBe('rated');
    await context.close();
  });

  test('读屏 reads the page through speechSynthesis in Chinese and stops; without speech synthesis a sentence says so', async ({ browser }) => {
    const session = await endedSession(clerks.local, clerks.home);
    const context = await browser.newContext();
    await context.addInitScript(observeSpeech);
    const citizen = await context.newPage();
    await citizen.goto(`${session.link.path}?kiosk=1`);
    const read = citizen.getByRole('button', { name: '读屏' });
    await read.click();
    await expect.poll(() => citizen.evaluate(() => (window as unknown as { vwSpoken: unknown[] }).vwSpoken.length)).toBeGreaterThan(0);
    const spoken = await citizen.evaluate(() => (window as unknown as { vwSpoken: { text: string; lang: string }[] }).vwSpoken);
    const text = spoken.map((s) => s.text).join('');
    expect(text).toContain('请您为本次服务评价');
    expect(text).toContain(session.matterName);
    expect(text).toContain('非常不满意');
    expect(text).toContain('提交评价');
    expect(text).not.toContain('读屏');
    expect(new Set(spoken.map((s) => s.lang))).toEqual(new Set(['zh-CN']));

    const cancelledBefore = await citizen.evaluate(() => (window as unknown as { vwCancelled: number }).vwCancelled);
    await citizen.getByRole('button', { name: '停止朗读' }).click();
    await expect.poll(() => citizen.evaluate(() => (window as unknown as { vwCancelled: number }).vwCancelled)).toBeGreaterThan(cancelledBefore);
    await context.close();

    const silent = await browser.newContext();
    await silent.addInitScript(() => Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true }));
    const plain = await silent.newPage();
    await plain.goto('/status');
    await expect(plain.getByText('此浏览器不能朗读，请向窗口工作人员求助。')).toBeVisible();
    await expect(plain.getByRole('button', { name: '读屏' })).toHaveCount(0);
    await silent.close();
  });

  test('the status page: the lookup form, a refusal and the result pass the checks; the printed receipt has large type', async ({ browser }) => {
    const localClerk = await signedIn(browser, 'lianshui.local', '/local');
    const homeClerk = await signedIn(browser, 'pinghu.home', '/home');
    const idNumber = citizenId(611);
    const { sessionId } = await readySession(localClerk.page, homeClerk.page, idNumber);
    try {
      const received = await receiveCase(homeClerk.page, sessionId);
      const accepted = await productApi(homeClerk.page).post(`/api/cases/${received.id}/decision`, { data: { action: 'accept' } });
      expect(accepted.ok(), await accepted.text()).toBe(true);

      // The receipt as printed for the citizen.
      const clerk = homeClerk.page;
      await clerk.goto(`/cases/${received.id}/receipt`);
      await expect(clerk.getByRole('heading', { level: 1, name: '受理回执' })).toBeVisible();
      await clerk.emulateMedia({ media: 'print' });
      await expectElderlyFriendly(clerk, 'printed receipt', { scope: 'article.receipt', targets: false });
      await clerk.emulateMedia({ media: 'screen' });

      const context = await browser.newContext();
      const citizen = await context.newPage();
      await citizen.setViewportSize(PHONE);
      await citizen.goto(`/status?number=${received.caseNumber}`);
      await expect(citizen.getByRole('heading', { level: 1, name: '办件进度查询' })).toBeVisible();
      await expect(citizen.getByRole('button', { name: '读屏' })).toBeVisible();
      await expectCitizenPageChecks(citizen, 'status lookup form (phone)');

      await citizen.getByLabel('身份证号后四位').fill('0000');
      await citizen.getByRole('button', { name: '查询' }).click();
      await expect(citizen.getByRole('alert')).toHaveText('未找到办件，请核对办件编号和身份证号后四位。');
      await expectCitizenPageChecks(citizen, 'status refusal (phone)');

      await citizen.getByLabel('身份证号后四位').fill('');
      await citizen.getByRole('button', { name: '查询' }).click();
      await expect(citizen.locator('#status-id-error')).toBeVisible();
      await expectCitizenPageChecks(citizen, 'status field error (phone)');

      await citizen.setViewportSize({ width: 1280, height: 800 });
      await citizen.getByLabel('身份证号后四位').fill(idNumber.slice(-4));
      await citizen.getByRole('button', { name: '查询' }).click();
      const result = citizen.getByRole('region', { name: '办理进度' });
      await expect(result.locator('[data-case-status]')).toHaveText('已受理');
      await expectCitizenPageChecks(citizen, 'status result (desktop)');
      await context.close();
    } finally {
      await endSession(localClerk.page, sessionId);
      await Promise.all([localClerk.context.close(), homeClerk.context.close()]);
    }
  });
});

test('the consoles’ 大字号 switch enlarges the text, stays after a reload and keeps the layout', async ({ browser }) => {
  const { context, page } = await signedIn(browser, 'lianshui.local', '/local');
  const sizes = () =>
    page.evaluate(() => ({
      root: parseFloat(getComputedStyle(document.documentElement).fontSize),
      body: parseFloat(getComputedStyle(document.body).fontSize),
      h1: parseFloat(getComputedStyle(document.querySelector('h1')!).fontSize),
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    }));
  const toggle = page.getByRole('button', { name: '大字号' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(toggle).toBeEnabled();
  const before = await sizes();

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const after = await sizes();
  expect(after.root).toBeCloseTo(before.root * 1.25, 1);
  expect(after.body).toBeCloseTo(before.body * 1.25, 1);
  expect(after.h1).toBeGreaterThan(before.h1 * 1.2);
  expect(after.overflow).toBeLessThanOrEqual(0);

  await page.reload();
  await expect(page.getByRole('button', { name: '大字号' })).toHaveAttribute('aria-pressed', 'true');
  const reloaded = await sizes();
  expect(reloaded.body).toBeCloseTo(after.body, 1);
  expect(reloaded.h1).toBeCloseTo(after.h1, 1);

  // Another console page keeps it, and fits the window.
  await page.goto('/cases');
  await expect(page.getByRole('button', { name: '大字号' })).toHaveAttribute('aria-pressed', 'true');
  expect((await sizes()).overflow).toBeLessThanOrEqual(0);
  await expectNoSeriousAxeViolations(page, 'cases list with large type');

  await page.getByRole('button', { name: '大字号' }).click();
  await expect(page.getByRole('button', { name: '大字号' })).toHaveAttribute('aria-pressed', 'false');
  expect((await sizes()).body).toBeCloseTo(before.body, 1);
  await context.close();
});

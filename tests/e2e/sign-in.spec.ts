import { account, DEMO_PASSWORD, SIGN_IN_COOKIE, signIn, submitSignIn, expect, test } from './fixtures';

test.describe('sign-in', () => {
  test('a local clerk and a home clerk sign in at the same time and land on their own consoles', async ({
    browser,
  }) => {
    const localClerk = account('lianshui.local');
    const homeClerk = account('pinghu.home');
    const [localContext, homeContext] = await Promise.all([browser.newContext(), browser.newContext()]);
    try {
      const [localPage, homePage] = await Promise.all([localContext.newPage(), homeContext.newPage()]);
      await Promise.all([signIn(localPage, localClerk.username, '/local'), signIn(homePage, homeClerk.username, '/home')]);

      await expect(localPage.getByRole('heading', { level: 1, name: '收件窗口工作台' })).toBeVisible();
      await expect(localPage.getByRole('banner')).toContainText(localClerk.displayName);
      await expect(localPage.getByRole('banner')).toContainText('收件窗口工作人员');
      await expect(localPage.getByRole('heading', { name: '可远程办理的事项' })).toBeVisible();

      await expect(homePage.getByRole('heading', { level: 1, name: '属地窗口工作台' })).toBeVisible();
      await expect(homePage.getByRole('banner')).toContainText(homeClerk.displayName);
      await expect(homePage.getByRole('banner')).toContainText('平湖市');
      await expect(homePage.getByText('当前没有排队的视频会话')).toBeVisible();

      // Each browser keeps its own person.
      await localPage.reload();
      await expect(localPage.getByRole('banner')).toContainText(localClerk.displayName);
      await expect(localPage.getByRole('banner')).not.toContainText(homeClerk.displayName);
    } finally {
      await Promise.all([localContext.close(), homeContext.close()]);
    }
  });

  test('a wrong password shows the error, stays on the sign-in page and sets no cookie', async ({ page, context }) => {
    await submitSignIn(page, 'lianshui.local', `${DEMO_PASSWORD}-wrong`);

    await expect(page.getByRole('alert')).toHaveText('用户名或密码错误。');
    await expect(page).toHaveURL('/sign-in');
    await expect(page.getByLabel('用户名')).toHaveValue('lianshui.local');
    const cookies = await context.cookies();
    expect(cookies.filter((cookie) => cookie.name === SIGN_IN_COOKIE)).toEqual([]);
  });

  test('a local clerk opening the home console gets the 403 page', async ({ page, consoleGuard }) => {
    consoleGuard.allow(/status of 403 \(Forbidden\)/, 'the 403 page the test opens on purpose');
    await signIn(page, 'lianshui.local', '/local');

    const response = await page.goto('/home');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1, name: '无权访问' })).toBeVisible();
    await expect(page.getByText('状态码 403')).toBeVisible();
    await page.getByRole('link', { name: '返回我的工作台' }).click();
    await expect(page).toHaveURL('/local');
  });

  test('/api/health answers without a session (only whether it serves), /api/me asks for one', async ({ request }) => {
    const health = await request.get('/api/health');
    expect(health.status()).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', store: { kind: 'sqlite', ok: true } });

    const me = await request.get('/api/me');
    expect(me.status()).toBe(401);
    const body: unknown = await me.json();
    expect(body).toMatchObject({ error: { code: 'AUTH_REQUIRED', message: expect.any(String) } });
  });

  test('signing out returns to the sign-in page and the console asks to sign in again', async ({ page, context }) => {
    await signIn(page, 'lianshui.local', '/local');

    await page.getByRole('button', { name: '退出登录' }).click();
    await expect(page).toHaveURL('/sign-in');
    await expect(page.getByRole('heading', { name: '工作人员登录' })).toBeVisible();
    const cookies = await context.cookies();
    expect(cookies.filter((cookie) => cookie.name === SIGN_IN_COOKIE)).toEqual([]);

    await page.goto('/local');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Flocal$/);
    await expect(page.getByRole('heading', { name: '工作人员登录' })).toBeVisible();
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('the sign-in form still signs in, and still shows a wrong password', async ({ page, consoleGuard }) => {
      consoleGuard.allow(/status of 401 \(Unauthorized\)/, 'the wrong password the test posts on purpose');
      await submitSignIn(page, 'pinghu.home2', 'not-the-password');
      await expect(page.getByRole('alert')).toHaveText('用户名或密码错误。');
      await expect(page).toHaveURL('/sign-in');

      await submitSignIn(page, 'pinghu.home2', DEMO_PASSWORD);
      await expect(page).toHaveURL('/home');
      await expect(page.getByRole('heading', { level: 1, name: '属地窗口工作台' })).toBeVisible();
      await expect(page.getByRole('banner')).toContainText(account('pinghu.home2').displayName);
    });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, DEMO_PASSWORD, verifyAuditChain } from '@vwindow/db';
import { createTempDatabase, type TempDatabase } from '@vwindow/db/testing/tempDatabase';
import { AuthService } from './AuthService';

const meta = { userAgent: 'vitest', ip: '127.0.0.1' };

describe('AuthService', () => {
  let database: TempDatabase;
  let now: Date;
  let auth: AuthService;

  beforeEach(async () => {
    database = await createTempDatabase();
    now = new Date('2026-11-23T09:00:00+08:00');
    auth = new AuthService({ database, signInHours: 12, lockoutAttempts: 3, lockoutMinutes: 15, now: () => now });
  });
  afterEach(() => database.dispose());

  it('signs in with the right password and finds the staff member by token', async () => {
    const outcome = await auth.signIn({ username: 'pinghu.home', password: DEMO_PASSWORD }, meta);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.staff).toMatchObject({ username: 'pinghu.home', role: 'home_clerk', jurisdictionCode: '330482', jurisdictionName: '平湖市' });
    expect(outcome.staff).not.toHaveProperty('passwordHash');
    expect(outcome.expiresAt.getTime() - now.getTime()).toBe(12 * 3_600_000);
    expect(auth.staffForToken(outcome.token)?.username).toBe('pinghu.home');
    expect(auth.staffForToken(`${outcome.token}x`)).toBeNull();
  });

  it('refuses a wrong password and an unknown user with the same message', async () => {
    const wrong = await auth.signIn({ username: 'pinghu.home', password: 'nope' }, meta);
    const unknown = await auth.signIn({ username: 'nobody', password: 'nope' }, meta);
    for (const outcome of [wrong, unknown]) {
      expect(outcome).toMatchObject({ ok: false, status: 401, error: { code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误。' } });
    }
  });

  it('locks the account after repeated failures, even for the right password, until the lock ends', async () => {
    for (let i = 0; i < 2; i++) {
      expect(await auth.signIn({ username: 'lianshui.local', password: 'bad' }, meta)).toMatchObject({ status: 401 });
    }
    expect(await auth.signIn({ username: 'lianshui.local', password: 'bad' }, meta)).toMatchObject({
      ok: false,
      status: 423,
      error: { code: 'AUTH_LOCKED', message: '连续登录失败次数过多，账号已临时锁定，请 15 分钟后再试。' },
    });
    now = new Date(now.getTime() + 5 * 60_000);
    expect(await auth.signIn({ username: 'lianshui.local', password: DEMO_PASSWORD }, meta)).toMatchObject({
      status: 423,
      error: { message: '连续登录失败次数过多，账号已临时锁定，请 10 分钟后再试。' },
    });
    now = new Date(now.getTime() + 10 * 60_000 + 1);
    expect((await auth.signIn({ username: 'lianshui.local', password: DEMO_PASSWORD }, meta)).ok).toBe(true);
    const actions = database.db.select({ action: auditLog.action }).from(auditLog).all().map((r) => r.action);
    // Each refused sign-in has its row; the one that locks the account is recorded as the lock.
    expect(actions).toEqual(['staff.sign_in_refused', 'staff.sign_in_refused', 'staff.locked', 'staff.sign_in_refused', 'staff.signed_in']);
    expect(verifyAuditChain(database.db)).toEqual({ ok: true, rows: 5 });
  });

  it('a successful sign-in resets the failure count', async () => {
    await auth.signIn({ username: 'taizhou.local', password: 'bad' }, meta);
    await auth.signIn({ username: 'taizhou.local', password: 'bad' }, meta);
    expect((await auth.signIn({ username: 'taizhou.local', password: DEMO_PASSWORD }, meta)).ok).toBe(true);
    expect(await auth.signIn({ username: 'taizhou.local', password: 'bad' }, meta)).toMatchObject({ status: 401 });
    expect(await auth.signIn({ username: 'taizhou.local', password: 'bad' }, meta)).toMatchObject({ status: 401 });
  });

  it('expires sign-ins and forgets signed-out tokens', async () => {
    const a = await auth.signIn({ username: 'admin', password: DEMO_PASSWORD }, meta);
    const b = await auth.signIn({ username: 'admin', password: DEMO_PASSWORD }, meta);
    if (!a.ok || !b.ok) throw new Error('sign-in failed');
    auth.signOut(a.token);
    auth.signOut(a.token);
    expect(auth.staffForToken(a.token)).toBeNull();
    expect(auth.staffForToken(b.token)?.role).toBe('admin');
    now = new Date(now.getTime() + 12 * 3_600_000 + 1);
    expect(auth.staffForToken(b.token)).toBeNull();
  });
});

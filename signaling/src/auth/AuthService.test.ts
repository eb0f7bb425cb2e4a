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
    expect((await auth.staffForToken(outcome.token))?.username).toBe('pinghu.home');
    expect(await auth.staffForToken(`${outcome.token}x`)).toBeNull();
  });

  it('refuses a wrong password and an unknown user with the same message', async () => {
    const wrong = await auth.signIn({ username: 'pinghu.home', password: 'nope' }, meta);
    const unknown = await auth.signIn({ username: 'nobody', password: 'nope' }, meta);
    for (const outcome of [wrong, unknown]) {
      expect(outcome).toMatchObject({ ok: false, status: 401, error: { code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误。' } });
    }
  });

  it('makes an address wait after repeated failures for a name, without locking the clerk out elsewhere', async () => {
    const attacker = { userAgent: 'x', ip: '10.0.0.66' };
    for (let i = 0; i < 3; i++) {
      expect(await auth.signIn({ username: 'lianshui.local', password: 'bad' }, attacker)).toMatchObject({ status: 401 });
    }
    const blocked = { ok: false, status: 429, error: { code: 'AUTH_TOO_MANY_FAILURES', message: '登录失败次数过多，请 15 分钟后再试。' } };
    // Even the right password from that address waits; the clerk at their own window gets in.
    expect(await auth.signIn({ username: 'lianshui.local', password: DEMO_PASSWORD }, attacker)).toMatchObject(blocked);
    expect((await auth.signIn({ username: 'lianshui.local', password: DEMO_PASSWORD }, meta)).ok).toBe(true);
    // The same for a name that does not exist: nothing tells the two apart.
    for (let i = 0; i < 3; i++) {
      expect(await auth.signIn({ username: 'nobody.here', password: 'bad' }, attacker)).toMatchObject({ status: 401, error: { code: 'AUTH_INVALID_CREDENTIALS' } });
    }
    expect(await auth.signIn({ username: 'nobody.here', password: 'bad' }, attacker)).toMatchObject(blocked);
    now = new Date(now.getTime() + 10 * 60_000);
    expect(await auth.signIn({ username: 'lianshui.local', password: DEMO_PASSWORD }, attacker)).toMatchObject({
      status: 429,
      error: { message: '登录失败次数过多，请 5 分钟后再试。' },
    });
    now = new Date(now.getTime() + 5 * 60_000 + 1);
    expect((await auth.signIn({ username: 'lianshui.local', password: DEMO_PASSWORD }, attacker)).ok).toBe(true);
    const rows = await database.db.select({ action: auditLog.action, entityId: auditLog.entityId }).from(auditLog);
    // Each refused sign-in has its row (the account, or 'unknown'); the failure that begins a block is
    // recorded as the block too.
    const refused = (entityId: string) => ({ action: 'staff.sign_in_refused', entityId });
    const id = String(rows.find((row) => row.action === 'staff.signed_in')!.entityId);
    expect(rows).toEqual([
      refused(id),
      refused(id),
      { action: 'sign_in.blocked', entityId: 'lianshui.local' },
      refused(id),
      refused(id),
      { action: 'staff.signed_in', entityId: id },
      refused('unknown'),
      refused('unknown'),
      { action: 'sign_in.blocked', entityId: 'nobody.here' },
      refused('unknown'),
      refused('unknown'),
      refused(id),
      { action: 'staff.signed_in', entityId: id },
    ]);
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, rows: 13 });
  });

  it('limits password checks in flight and per minute, per address and in all', async () => {
    const limited = new AuthService({
      database,
      signInHours: 12,
      lockoutAttempts: 5,
      lockoutMinutes: 15,
      limits: { inFlightPerAddress: 2, waitingPerAddress: 1, checksPerAddressPerMinute: 6, inFlightGlobal: 1, queueGlobal: 3 },
      now: () => now,
    });
    const from = async (ip: string, password = 'bad', username = 'pinghu.home') => await limited.signIn({ username, password }, { userAgent: 'x', ip });
    // Five at once from one address: two are checked, one waits for its turn, two are told to try later.
    const burst = await Promise.all([1, 2, 3, 4, 5].map(() => from('10.0.0.7')));
    expect(burst.filter((o) => !o.ok && o.error.code === 'AUTH_BUSY').length).toBe(2);
    expect(burst.find((o) => !o.ok && o.error.code === 'AUTH_BUSY')).toMatchObject({ status: 429, error: { message: '登录请求过多，请稍后再试。' } });
    // One scrypt at a time and three waiting in all: the sixth at once is refused, whoever asks.
    const spread = await Promise.all(['10.0.1.1', '10.0.1.2', '10.0.1.3', '10.0.1.4', '10.0.1.5'].map((ip) => from(ip)));
    expect(spread.map((o) => (o.ok ? 'ok' : o.error.code)).sort()).toEqual(['AUTH_BUSY', ...Array(4).fill('AUTH_INVALID_CREDENTIALS')]);
    // Six wrong answers a minute per address (a right one is not counted): then it waits for the next minute.
    expect((await from('10.0.0.7', DEMO_PASSWORD, 'pinghu.home2')).ok).toBe(true);
    for (let i = 0; i < 3; i++) expect(await from('10.0.0.7', 'bad', `probe${i}`)).toMatchObject({ status: 401 });
    expect(await from('10.0.0.7', DEMO_PASSWORD, 'pinghu.home2')).toMatchObject({ status: 429, error: { code: 'AUTH_BUSY' } });
    now = new Date(now.getTime() + 60_001);
    expect((await from('10.0.0.7', DEMO_PASSWORD, 'pinghu.home2')).ok).toBe(true);
  });

  it('slows every further check of a name that failed often, from any address, and lets the right password in', async () => {
    const slowed = new AuthService({
      database,
      signInHours: 12,
      lockoutAttempts: 2,
      lockoutMinutes: 15,
      limits: { backoffBaseMs: 400, backoffMaxMs: 400 },
      now: () => now,
    });
    await slowed.signIn({ username: 'taizhou.home', password: 'bad' }, { userAgent: 'x', ip: '10.0.2.1' });
    await slowed.signIn({ username: 'taizhou.home', password: 'bad' }, { userAgent: 'x', ip: '10.0.2.2' });
    const started = performance.now();
    expect((await slowed.signIn({ username: 'taizhou.home', password: DEMO_PASSWORD }, { userAgent: 'x', ip: '10.0.2.3' })).ok).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
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
    await auth.signOut(a.token);
    await auth.signOut(a.token);
    expect(await auth.staffForToken(a.token)).toBeNull();
    expect((await auth.staffForToken(b.token))?.role).toBe('admin');
    now = new Date(now.getTime() + 12 * 3_600_000 + 1);
    expect(await auth.staffForToken(b.token)).toBeNull();
  });
});

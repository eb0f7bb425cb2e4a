import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';

const fast = { N: 2 ** 10 };

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('Window@2026', fast);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('Window@2026', stored)).toBe(true);
    expect(await verifyPassword('window@2026', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    const a = await hashPassword('same', fast);
    const b = await hashPassword('same', fast);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', a)).toBe(true);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  it('uses scrypt N=2^15 by default and keeps the parameters in the stored form', async () => {
    const stored = await hashPassword('x');
    expect(stored.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('x', stored)).toBe(true);
  });

  it('treats Unicode forms alike (NFKC)', async () => {
    const stored = await hashPassword('ｐａｓｓ１', fast);
    expect(await verifyPassword('pass1', stored)).toBe(true);
  });

  it('refuses malformed stored hashes instead of throwing', async () => {
    for (const bad of ['', 'plain', 'bcrypt$1$2$3$4$5', 'scrypt$x$8$1$AAAA$AAAA', 'scrypt$1024$8$1$AAAA$AAAA']) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { storedTypeSize, TYPE_SIZE_KEY } from './typeSize';

const storageWith = (value: string | null) => ({ getItem: (key: string) => (key === TYPE_SIZE_KEY ? value : null) });

describe('storedTypeSize', () => {
  it('is large only when large was stored', () => {
    expect(storedTypeSize(storageWith('large'))).toBe('large');
    expect(storedTypeSize(storageWith('normal'))).toBe('normal');
    expect(storedTypeSize(storageWith('huge'))).toBe('normal');
    expect(storedTypeSize(storageWith(null))).toBe('normal');
    expect(storedTypeSize(undefined)).toBe('normal');
  });

  it('is normal when storage refuses to be read', () => {
    expect(
      storedTypeSize({
        getItem: () => {
          throw new Error('SecurityError');
        },
      }),
    ).toBe('normal');
  });
});

import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName } from './privacy';

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4 characters of an 18-character ID number', () => {
    expect(maskIdNumber('110101199003071234')).toBe('110101********1234');
  });

  it('upper-cases the check letter and drops whitespace', () => {
    expect(maskIdNumber(' 33048219850612 001x ')).toBe('330482********001X');
  });

  it('masks a 15-character (first generation) ID number too', () => {
    expect(maskIdNumber('330482850612001')).toBe('330482*****2001');
  });

  it('masks a value too short to keep anything entirely', () => {
    expect(maskIdNumber('1234567890')).toBe('**********');
    expect(maskIdNumber('')).toBe('');
  });

  it('never returns the hidden digits', () => {
    const masked = maskIdNumber('320826200001019876');
    expect(masked).not.toContain('20000101');
    expect(masked).toHaveLength(18);
  });
});

describe('maskName', () => {
  it('keeps the family name of a two-character name', () => {
    expect(maskName('陈明')).toBe('陈*');
  });

  it('masks every character after the first', () => {
    expect(maskName('王小红')).toBe('王**');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });

  it('counts rare CJK characters (outside the BMP) as one character', () => {
    expect(maskName('𠮷野家')).toBe('𠮷**');
  });

  it('masks a one-character name entirely and trims whitespace', () => {
    expect(maskName('陈')).toBe('*');
    expect(maskName('  李四 ')).toBe('李*');
    expect(maskName('')).toBe('');
  });
});

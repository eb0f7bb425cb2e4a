import { describe, expect, it } from 'vitest';
import { checkIdNumber, idCheckDigit, maskIdNumber, maskName } from './idNumber';

/** Builds a valid number from region, birth date and sequence. */
const make = (first17: string) => first17 + idCheckDigit(first17);

describe('checkIdNumber (GB 11643)', () => {
  it('accepts the standard example and reports its parts', () => {
    // The worked example of GB 11643-1999: 11010519491231002X.
    expect(checkIdNumber('11010519491231002X')).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      regionCode: '110105',
      birthDate: '1949-12-31',
      checkDigit: 'X',
    });
    expect(checkIdNumber(' 11010519491231002x ').ok).toBe(true);
  });

  it('names a wrong check digit and the one expected', () => {
    expect(checkIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'checkDigit', expectedCheckDigit: 'X' });
  });

  it('refuses bad formats, regions and birth dates', () => {
    expect(checkIdNumber('1101051949123100')).toMatchObject({ problem: 'format' });
    expect(checkIdNumber('11010519491231002Y')).toMatchObject({ problem: 'format' });
    expect(checkIdNumber(make('99048219900101123'))).toMatchObject({ problem: 'region' });
    expect(checkIdNumber(make('33048219900230123'))).toMatchObject({ problem: 'birthDate' });
    expect(checkIdNumber(make('33048218991231123'))).toMatchObject({ problem: 'birthDate' });
    expect(checkIdNumber(make('33048220300101123'), new Date('2026-11-22'))).toMatchObject({ problem: 'birthDate' });
    expect(checkIdNumber(make('33048220000229123')).ok).toBe(true);
    expect(checkIdNumber(make('33048219000229123'))).toMatchObject({ problem: 'birthDate' });
  });
});

describe('masking', () => {
  it('keeps the first 6 and last 4 of an ID number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });
  it('keeps the family name', () => {
    expect(maskName('陈先生')).toBe('陈**');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('李');
  });
});

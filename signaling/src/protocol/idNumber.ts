/**
 * Resident identity card numbers (公民身份号码, GB 11643-1999): 6-digit region code, 8-digit birth date,
 * 3-digit sequence, and an ISO 7064 MOD 11-2 check character. Shared by the browser form and the server.
 */

/** Province-level prefixes of GB/T 2260 (the first two digits of every region code). */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdNumberProblem = 'format' | 'region' | 'birthDate' | 'checkDigit';

export type IdNumberCheck =
  | { ok: true; normalized: string; regionCode: string; birthDate: string; checkDigit: string }
  | { ok: false; problem: IdNumberProblem; expectedCheckDigit?: string };

/** The check character that the first 17 digits call for. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Checks an 18-character ID number; `today` bounds the birth date (default now). */
export function checkIdNumber(input: string, today: Date = new Date()): IdNumberCheck {
  const value = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'format' };
  const regionCode = value.slice(0, 6);
  if (!PROVINCE_PREFIXES.has(regionCode.slice(0, 2))) return { ok: false, problem: 'region' };
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const valid =
    year >= 1900 &&
    birth.getUTCFullYear() === year &&
    birth.getUTCMonth() === month - 1 &&
    birth.getUTCDate() === day &&
    birth.getTime() <= today.getTime();
  if (!valid) return { ok: false, problem: 'birthDate' };
  const expected = idCheckDigit(value.slice(0, 17));
  if (value[17] !== expected) return { ok: false, problem: 'checkDigit', expectedCheckDigit: expected };
  return {
    ok: true,
    normalized: value,
    regionCode,
    birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
    checkDigit: expected,
  };
}

/** Keeps the first 6 and last 4 characters: 330482********123X. */
export function maskIdNumber(value: string): string {
  if (value.length <= 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

/** Keeps the family name: 陈先生 → 陈**. */
export function maskName(value: string): string {
  const chars = Array.from(value.trim());
  if (chars.length <= 1) return chars.join('');
  return chars[0] + '*'.repeat(chars.length - 1);
}

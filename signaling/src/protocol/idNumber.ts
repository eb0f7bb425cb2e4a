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

export interface IdNumberParts {
  format: boolean;
  region: boolean;
  birthDate: boolean;
  /** YYYY-MM-DD when the digits are there, valid or not. */
  birthDateText: string | null;
  checkDigit: boolean;
  expectedCheckDigit: string | null;
}

/** Judges each part of an ID number on its own (the identity panel shows them side by side). */
export function idNumberParts(input: string, today: Date = new Date()): IdNumberParts {
  const value = input.trim().toUpperCase();
  const format = /^\d{17}[\dX]$/.test(value);
  const digits17 = /^\d{17}/.test(value);
  const region = /^\d{2}/.test(value) && PROVINCE_PREFIXES.has(value.slice(0, 2));
  let birthDate = false;
  let birthDateText: string | null = null;
  if (/^\d{14}/.test(value)) {
    const year = Number(value.slice(6, 10));
    const month = Number(value.slice(10, 12));
    const day = Number(value.slice(12, 14));
    const birth = new Date(Date.UTC(year, month - 1, day));
    birthDateText = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
    birthDate =
      year >= 1900 &&
      birth.getUTCFullYear() === year &&
      birth.getUTCMonth() === month - 1 &&
      birth.getUTCDate() === day &&
      birth.getTime() <= today.getTime();
  }
  const expectedCheckDigit = digits17 ? idCheckDigit(value.slice(0, 17)) : null;
  return { format, region, birthDate, birthDateText, checkDigit: format && value[17] === expectedCheckDigit, expectedCheckDigit };
}

/** Checks an 18-character ID number; `today` bounds the birth date (default now). */
export function checkIdNumber(input: string, today: Date = new Date()): IdNumberCheck {
  const value = input.trim().toUpperCase();
  const parts = idNumberParts(value, today);
  if (!parts.format) return { ok: false, problem: 'format' };
  if (!parts.region) return { ok: false, problem: 'region' };
  if (!parts.birthDate) return { ok: false, problem: 'birthDate' };
  if (!parts.checkDigit) return { ok: false, problem: 'checkDigit', expectedCheckDigit: parts.expectedCheckDigit! };
  return { ok: true, normalized: value, regionCode: value.slice(0, 6), birthDate: parts.birthDateText!, checkDigit: parts.expectedCheckDigit! };
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

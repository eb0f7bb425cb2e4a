/**
 * Masking of a citizen's personal data wherever the full value is not needed (see DESIGN.md,
 * "Conventions"): ID numbers keep their first 6 and last 4 characters, names keep the family name.
 * Both work per Unicode code point, so a name written with rare CJK characters is masked correctly.
 */

const MASK = '*';
const ID_KEEP_START = 6;
const ID_KEEP_END = 4;

/**
 * '110101199003071234' → '110101********1234'. Whitespace is dropped and a final check letter is
 * upper-cased; a value too short to keep 10 characters and still hide anything is masked entirely.
 */
export function maskIdNumber(idNumber: string): string {
  const chars = Array.from(idNumber.replace(/\s+/g, '').toUpperCase());
  if (chars.length <= ID_KEEP_START + ID_KEEP_END) return MASK.repeat(chars.length);
  const hidden = chars.length - ID_KEEP_START - ID_KEEP_END;
  return [...chars.slice(0, ID_KEEP_START), MASK.repeat(hidden), ...chars.slice(-ID_KEEP_END)].join('');
}

/** '陈明' → '陈*', '欧阳娜娜' → '欧***'; a one-character name is masked entirely. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return MASK.repeat(chars.length);
  return chars[0] + MASK.repeat(chars.length - 1);
}

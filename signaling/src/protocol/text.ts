/**
 * The one rule for text people type into the product (names, reasons, notes, chat): characters that
 * cannot be seen but change what is seen are removed before anything else is checked or stored —
 * control characters (NUL and the rest of C0 and C1, DEL), format characters (bidi embeddings and
 * overrides U+202A–U+202E, isolates U+2066–U+2069, LRM/RLM, zero-width space, joiners, BOM, soft
 * hyphen …: Unicode's Cf) and lone surrogates. Multi-line text keeps tabs and line breaks (CR LF
 * becomes LF); a one-line text turns them into spaces. Then the text is trimmed; length limits
 * count what is left.
 */
import { z } from 'zod';

/** Controls (Cc: C0, DEL, C1), format characters (Cf), lone surrogates (Cs), line/paragraph separators. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu;

/** `value` without invisible characters; line breaks kept as LF (`multiline`) or made spaces. */
export function cleanText(value: string, multiline: boolean): string {
  const text = value.replace(/\r\n?/g, '\n').replace(INVISIBLE, (c) => (c === '\n' || c === '\t' ? c : ''));
  return multiline ? text : text.replace(/[\t\n]+/g, ' ');
}

/** A multi-line free-text field: reasons, notes, comments, chat. Chain `.min()`/`.max()` as on any string. */
export function freeText() {
  return z
    .string()
    .overwrite((value) => cleanText(value, true))
    .trim();
}

/** A one-line text field: names, usernames, short references. */
export function lineText() {
  return z
    .string()
    .overwrite((value) => cleanText(value, false))
    .trim();
}

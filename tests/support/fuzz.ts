/**
 * A seeded generator of malformed input for the fuzz tests: the same seed gives the same requests, so
 * a failure is reproduced by running again with the seed it prints (VW_FUZZ_SEED=<seed>).
 */
import { seededRandom } from '@vwindow/db/testing/seededRandom';

/** A seeded generator (mulberry32, seededRandom.ts) with helpers to pick test inputs. */
export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** The seed of this run: VW_FUZZ_SEED, or a fixed one so that CI runs the same inputs every time. */
export function fuzzSeed(fallback: number): number {
  const given = process.env.VW_FUZZ_SEED;
  return given && /^\d+$/.test(given) ? Number(given) : fallback;
}

/** Strings that have broken parsers, validators, file paths, logs and screens before. */
export const nastyStrings: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Eevil\u202C',
  '\u200B\u200D\uFEFF',
  '\uD800',
  '\uDFFF\uD800',
  '😀'.repeat(300),
  '陈'.repeat(2000),
  'x'.repeat(10_000),
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '%2e%2e%2f',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '"; DROP TABLE sessions; --',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9'.repeat(400),
  '\r\nX-Injected: 1',
  '\t\n\v\f',
  'ＡＢＣ１２３',
  '33048219880315123X',
  '2026-02-30',
  '0000-00-00',
  '00000000-0000-0000-0000-000000000000',
];

const nastyNumbers: readonly number[] = [0, -1, -0.5, 1.5, 2 ** 31, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, 1e308, -1e308];

/** A JSON value of any kind, sometimes deep or large. */
export function nastyValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 2 ? 5 : 8)) {
    case 0:
      return rng.pick(nastyStrings);
    case 1:
      return rng.pick(nastyNumbers);
    case 2:
      return rng.pick([null, true, false]);
    case 3:
      return rng.pick(nastyStrings).slice(0, 40);
    case 4:
      return rng.int(1000) - 500;
    case 5:
      return Array.from({ length: rng.int(4) }, () => nastyValue(rng, depth + 1));
    case 6:
      return Object.fromEntries(Array.from({ length: rng.int(4) }, () => [rng.pick(nastyStrings).slice(0, 20), nastyValue(rng, depth + 1)]));
    default:
      // Deeply nested: parsers and validators that recurse.
      return JSON.parse('['.repeat(500) + ']'.repeat(500)) as unknown;
  }
}

/** A well-formed sample mutated: a field dropped, retyped, added, or the whole of it replaced. */
export function mutate(rng: Rng, sample: unknown): unknown {
  if (sample === null || typeof sample !== 'object' || Array.isArray(sample) || rng.chance(0.15)) return rng.chance(0.5) ? nastyValue(rng) : [sample];
  const copy: Record<string, unknown> = { ...(sample as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const times = 1 + rng.int(3);
  for (let i = 0; i < times; i++) {
    const key = keys.length > 0 ? rng.pick(keys) : 'x';
    switch (rng.int(4)) {
      case 0:
        delete copy[key];
        break;
      case 1:
        copy[rng.pick(['role', 'id', '__proto__', 'status', rng.pick(nastyStrings).slice(0, 30)])] = nastyValue(rng);
        break;
      default:
        copy[key] = typeof copy[key] === 'object' && copy[key] !== null && rng.chance(0.5) ? mutate(rng, copy[key]) : nastyValue(rng);
    }
  }
  return copy;
}

/** Text that is not JSON, or JSON that parsers disagree about. */
export function brokenJson(rng: Rng, sample: unknown): string {
  const text = JSON.stringify(sample) ?? '';
  return rng.pick([
    text.slice(0, Math.max(0, text.length - 1 - rng.int(5))),
    `${text},`,
    `\uFEFF${text}`,
    `${text}${text}`,
    '{"a":1,}',
    "{'single':'quotes'}",
    'NaN',
    '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '{"a":1e99999}',
    '{"a":' + '9'.repeat(5000) + '}',
    '[' + '{"a":'.repeat(2000) + '1' + '}'.repeat(2000) + ']',
    '',
    ' ',
    'null',
    'true',
    '"string"',
  ]);
}

/** A path segment: bad ids, traversal, encodings, very long ones; encoded so that it can be sent at all. */
export function nastySegment(rng: Rng, real: readonly string[]): string {
  const raw = rng.pick([
    '..',
    '../..',
    '..%2f..%2fetc%2fpasswd',
    '%2e%2e',
    '%00',
    'x%00y',
    '%',
    '%zz',
    '%C0%AE%C0%AE',
    '-1',
    '0',
    '1.5',
    '1e3',
    '0x10',
    '99999999999999999999999',
    'x'.repeat(5000),
    '9'.repeat(3000),
    '00000000-0000-0000-0000-00000000000g',
    ...real,
    ...real.map((id) => id.toUpperCase()),
    ...real.map((id) => `${id}%00`),
    ...real.map((id) => `${id}/..`),
  ]);
  // Already-encoded forms go as they are; the rest is percent-encoded (node refuses raw control characters).
  return /%|\.\.|^[\w.-]*$/.test(raw) ? raw : percentEncode(raw);
}

/** encodeURIComponent, except that a lone surrogate goes out as the bytes of U+FFFD instead of throwing. */
export function percentEncode(text: string): string {
  return encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

/**
 * One page of a list (the case list, a clerk's sessions), in the API and the pages alike. A cursor is
 * the position of a row in the list's order (its sort key and id), opaque to the reader: `after` gives
 * the rows that follow it, `before` those that precede it, so rows added meanwhile neither repeat nor
 * go missing on the following pages.
 */
import { z } from 'zod';
import { t } from './i18n';

export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 200;

/** A row's place in its list's order: the sort key, then the tie-break (unique). */
export type PageKey = readonly [string | number, string | number];

export interface Page<T> {
  items: T[];
  /** Cursor of the following page (`?after=`), null on the last. */
  next: string | null;
  /** Cursor of the preceding page (`?before=`), null on the first. */
  previous: string | null;
}

const keyPart = z.union([z.string().max(100), z.number().finite()]);
const pageKey = z.tuple([keyPart, keyPart]);

export function encodeCursor(key: PageKey): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  return btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function decodeCursor(cursor: string): PageKey | null {
  try {
    const binary = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
    const parsed = pageKey.safeParse(JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const cursor = z
  .string()
  .max(300)
  .regex(/^[A-Za-z0-9_-]+$/, { message: t('validation.pageCursor') })
  .transform((value, context) => {
    const key = decodeCursor(value);
    if (key === null) context.addIssue({ code: 'custom', message: t('validation.pageCursor') });
    return key ?? (['', ''] as const);
  });

/** `?after=` or `?before=` (not both) and `?limit=` (1 … 200, default 50). */
export const pageQueryFields = {
  after: cursor.optional(),
  before: cursor.optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(PAGE_LIMIT_DEFAULT),
};

/** A page is read after a cursor or before one, not both. */
export const oneCursor = (query: { after?: unknown; before?: unknown }) => query.after === undefined || query.before === undefined;

export const pageQuery = z.strictObject(pageQueryFields).refine(oneCursor, { message: t('validation.pageCursor'), path: ['before'] });
export type PageQuery = z.output<typeof pageQuery>;

/** Which page to read: the rows after a key, before a key, or the first ones. */
export interface PageRequest {
  after?: PageKey;
  before?: PageKey;
  limit: number;
}

/**
 * The page from the rows read in the direction of travel (up to limit + 1 of them: one more says there
 * are more): in list order, with the cursors of its neighbours.
 */
export function pageOf<T>(fetched: readonly T[], request: PageRequest, keyOf: (row: T) => PageKey): Page<T> {
  const backward = request.before !== undefined;
  const more = fetched.length > request.limit;
  const items = fetched.slice(0, request.limit);
  if (backward) items.reverse();
  const first = items[0];
  const last = items.at(-1);
  if (first === undefined || last === undefined) return { items, next: null, previous: null };
  const hasNext = backward ? true : more;
  const hasPrevious = backward ? more : request.after !== undefined;
  return { items, next: hasNext ? encodeCursor(keyOf(last)) : null, previous: hasPrevious ? encodeCursor(keyOf(first)) : null };
}

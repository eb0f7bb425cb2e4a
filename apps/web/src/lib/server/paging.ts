/** A list page's position from the query string (`?after=` / `?before=`), as the shared page query reads it. */
import { pageQuery, type PageRequest } from '$shared';

/** The page asked for, with `limit` rows; a cursor that does not read counts as the first page (`invalid`). */
export function readPageRequest(url: URL, limit: number): { request: PageRequest; invalid: boolean } {
  const raw = { after: url.searchParams.get('after') || undefined, before: url.searchParams.get('before') || undefined, limit };
  const parsed = pageQuery.safeParse(raw);
  return parsed.success ? { request: parsed.data, invalid: false } : { request: { limit }, invalid: true };
}

/**
 * GB/T 2260 codes nest by prefix: a province (XX0000) covers every code starting XX, a prefecture-level
 * city (XXYY00) every code starting XXYY, and a county only itself.
 */
export function jurisdictionCovers(outer: string, inner: string): boolean {
  if (outer.endsWith('0000')) return inner.startsWith(outer.slice(0, 2));
  if (outer.endsWith('00')) return inner.startsWith(outer.slice(0, 4));
  return outer === inner;
}

/**
 * What a page of the product sends with each request to it: its origin (the server refuses a
 * state-changing request from any other, see signaling/src/http/originCheck.ts) and, when signed in,
 * the sign-in cookie. `url` is the server's (or any of its addresses).
 */
export function fromProductPage(url: string, cookie?: string): Record<string, string> {
  return { origin: new URL(url).origin, ...(cookie === undefined ? {} : { cookie }) };
}

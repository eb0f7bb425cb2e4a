/**
 * The security headers of every response the port gives: the API's JSON, files and downloads, the web
 * app's static assets, its pages and its 404s. One policy, written as Hono's secure-headers options:
 * - nothing may frame the product (`frame-ancestors 'none'`, `X-Frame-Options: DENY`: no clickjacking
 *   of 受理 or the admin settings), no content sniffing, no window shared with another origin's page;
 * - `Referrer-Policy: same-origin`: the public status page's address carries a case number, and no
 *   other origin learns any of the product's addresses. Not `no-referrer`: under it browsers send
 *   `Origin: null` on a page's own same-origin form posts and fetch POSTs (Fetch standard, "serializing
 *   a request origin"), which the origin checks must refuse (./originCheck.ts, SvelteKit's);
 * - a Content-Security-Policy that lets nothing load (`default-src 'none'`) for every response that is
 *   not a page; SvelteKit replaces it on its pages with the page policy of svelte.config.js (`kit.csp`,
 *   nonces for its inline bootstrap);
 * - `Cache-Control: no-store` unless the response says otherwise: pages and API answers carry personal
 *   or session data, and pages carry a nonce of their own. Hashed assets (`/_app/immutable/`) keep the
 *   long caching the web app gives them.
 * No Strict-Transport-Security: the port often speaks HTTPS with the product's own CA, and should that
 * CA ever be made again (a lost data directory), every hall PC that had kept HSTS would be locked out
 * with no way past the browser's warning. A deployment with a certificate of its own can add it at
 * its proxy.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

const policy: Parameters<typeof secureHeaders>[0] = {
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
  xFrameOptions: 'DENY',
  xContentTypeOptions: 'nosniff',
  referrerPolicy: 'same-origin',
  crossOriginOpenerPolicy: 'same-origin',
  crossOriginResourcePolicy: 'same-origin',
  strictTransportSecurity: false,
};

export const NO_STORE = 'no-store';

/** The headers for Hono's responses (the API); a Cache-Control a route set itself is kept. */
export function securityHeaders(): MiddlewareHandler {
  const headers = secureHeaders(policy);
  return async (c, next) => {
    await headers(c, async () => {
      await next();
      if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', NO_STORE);
    });
  };
}

/**
 * The same headers as name/value pairs, for responses made outside Hono (the web app's handler):
 * written by the one middleware above on an empty answer, once.
 */
export async function securityHeaderList(): Promise<Array<[string, string]>> {
  const app = new Hono();
  app.use(securityHeaders());
  app.get('/', (c) => c.body(null, 204));
  const response = await app.request('/');
  return [...response.headers.entries()];
}

/** Whether `path` is one of the web app's hashed assets, which keep their long-lived caching. */
export function isImmutableAsset(path: string): boolean {
  return path.startsWith('/_app/immutable/');
}

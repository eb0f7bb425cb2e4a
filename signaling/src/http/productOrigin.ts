/**
 * The product's own origin, as a browser on one of its pages names it: the scheme the server is
 * reached by (https when the sign-in cookie is Secure, as pageRequests.ts tells SvelteKit) and the
 * Host the request came to. Compared exactly: `Origin: null` (sandboxed frames, file: pages) and every
 * other origin are someone else.
 */
import type { Config } from '../config';

export function productOrigin(config: Config, host: string | undefined): string | null {
  if (!host) return null;
  return `${config.signIn.cookieSecure ? 'https' : 'http'}://${host.toLowerCase()}`;
}

/** Whether `origin` (the request's Origin header) is the product's own; an absent header is not judged here. */
export function isProductOrigin(config: Config, origin: string, host: string | undefined): boolean {
  const own = productOrigin(config, host);
  return own !== null && origin.toLowerCase() === own;
}

/**
 * Cross-site request forgery on the JSON API: a state-changing request (POST, PUT, PATCH, DELETE) is
 * served only when it comes from one of the product's own pages. The sign-in cookie is SameSite=Lax,
 * which keeps it off cross-site requests but not off those of another origin on the same site (another
 * port or host of the same domain, a hall's other intranet service), and a body-less POST
 * (`/accept`, `/end`, `/cancel`) needs no JSON content type to get through. So:
 * - with an `Origin` header (browsers send it on every POST, PUT, PATCH and DELETE): it must be exactly
 *   the product's origin, as for the WebSocket upgrade (./productOrigin.ts); `Origin: null` (sandboxed
 *   frames, file: pages) is someone else;
 * - without one, `Sec-Fetch-Site` (sent by every current browser) decides: only `same-origin` passes;
 * - with neither, the caller is not a browser page. It is refused if it carries the sign-in cookie (a
 *   browser that hides where a request comes from gets no benefit of the doubt), and served otherwise:
 *   a script or a load balancer has no ambient credentials to abuse, and signs in with its own body.
 * A refusal is 403 ORIGIN_REFUSED with its audit row, before any route runs: nothing changes.
 */
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors';
import type { AppEnv, AppServices } from './context';
import { clientAddress } from './clientAddress';
import { isProductOrigin } from './productOrigin';
import { signInToken } from './staffSession';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type OriginVerdict = 'own' | 'foreign' | 'unstated-with-cookie' | 'not-a-browser';

/** How a request's origin headers are judged (see above); only `own` and `not-a-browser` are served. */
export function judgeOrigin(
  own: (origin: string) => boolean,
  headers: { origin?: string; secFetchSite?: string; hasSignInCookie: boolean },
): OriginVerdict {
  if (headers.origin !== undefined) return own(headers.origin) ? 'own' : 'foreign';
  if (headers.secFetchSite !== undefined) return headers.secFetchSite === 'same-origin' ? 'own' : 'foreign';
  return headers.hasSignInCookie ? 'unstated-with-cookie' : 'not-a-browser';
}

export function requireProductOrigin(services: AppServices): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!STATE_CHANGING.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    const secFetchSite = c.req.header('sec-fetch-site');
    const host = c.req.header('host');
    const token = signInToken(c);
    const verdict = judgeOrigin((value) => isProductOrigin(services.config, value, host), {
      origin,
      secFetchSite,
      hasSignInCookie: token !== undefined,
    });
    if (verdict === 'own' || verdict === 'not-a-browser') return next();
    await services.audit.refused({
      actor: await services.auth.staffForToken(token),
      address: clientAddress(c),
      action: 'access.refused',
      target: { type: 'api', id: `${c.req.method} ${c.req.path}` },
      reason: 'ORIGIN_REFUSED',
      detail: {
        verdict,
        ...(origin !== undefined ? { origin: origin.slice(0, 200) } : {}),
        ...(secFetchSite !== undefined ? { secFetchSite: secFetchSite.slice(0, 40) } : {}),
        host: (host ?? '').slice(0, 200),
      },
    });
    const error = new AppError('ORIGIN_REFUSED');
    error.audited = true;
    throw error;
  };
}

/** /api/auth: sign-in, sign-out, and who am I. */
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { AppError } from '../errors';
import { consolePaths, signInRequest } from '../protocol';
import type { AppEnv, AppServices } from './context';
import { readJson } from './requestBody';
import { clearSignInCookie, setSignInCookie, signInToken } from './staffSession';

export function authRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/sign-in', async (c) => {
    const request = await readJson(c, signInRequest);
    const outcome = await services.auth.signIn(request, {
      userAgent: c.req.header('user-agent') ?? '',
      ip: getConnInfo(c).remote.address ?? '',
    });
    if (!outcome.ok) {
      // AuthService has written the refusal's audit row.
      const error = AppError.fromPayload(outcome.error);
      error.audited = true;
      throw error;
    }
    setSignInCookie(c, services, outcome.token);
    return c.json({ staff: outcome.staff, expiresAt: outcome.expiresAt.toISOString(), console: consolePaths[outcome.staff.role] });
  });

  app.post('/sign-out', async (c) => {
    const token = signInToken(c);
    if (token) await services.auth.signOut(token);
    clearSignInCookie(c);
    return c.body(null, 204);
  });

  return app;
}

/** /api/me: the signed-in staff member (the sign-in guard in app.ts runs first). */
export function meRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => c.json({ staff: c.var.staff, console: consolePaths[c.var.staff.role] }));
  return app;
}

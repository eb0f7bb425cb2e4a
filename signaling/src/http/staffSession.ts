/** The sign-in cookie on the HTTP side: who is calling, and the guard for signed-in routes. */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../errors';
import { SIGN_IN_COOKIE, type StaffRole } from '../protocol';
import type { AppEnv, AppServices } from './context';

export function signInToken(c: Context): string | undefined {
  return getCookie(c, SIGN_IN_COOKIE);
}

export function setSignInCookie(c: Context, services: AppServices, token: string): void {
  setCookie(c, SIGN_IN_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: services.config.signIn.cookieSecure,
    maxAge: services.auth.maxAgeSeconds,
  });
}

export function clearSignInCookie(c: Context): void {
  deleteCookie(c, SIGN_IN_COOKIE, { path: '/' });
}

/** Puts the signed-in staff member on `c.var.staff`, or answers 401 AUTH_REQUIRED. */
export function requireStaff(services: AppServices): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const staff = await services.auth.staffForToken(signInToken(c));
    if (!staff) throw new AppError('AUTH_REQUIRED');
    c.set('staff', staff);
    await next();
  };
}

/** Answers 403 FORBIDDEN unless the signed-in staff member has one of `roles`. */
export function requireRole(...roles: StaffRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!roles.includes(c.var.staff.role)) throw new AppError('FORBIDDEN');
    await next();
  };
}

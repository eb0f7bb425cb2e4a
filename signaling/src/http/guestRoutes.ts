/**
 * 第三方 (guests) over HTTP, thin over GuestService:
 *   POST /api/sessions/:id/guests                      { role } — invite; answers the one-time link (clerks)
 *   GET  /api/sessions/:id/guests                      the session's guests
 *   POST /api/sessions/:id/guests/:guestId/admit       the inviting clerk lets a knocking guest in
 *   POST /api/sessions/:id/guests/:guestId/refuse      …or turns them away
 *   POST /api/sessions/:id/guests/:guestId/remove      either clerk takes a guest out
 *   GET  /api/public/guests/:token                     the guest page's invitation (public)
 *   POST /api/public/guests/:token/knock               { name } — knocks; sets the guest cookie (public)
 *   GET  /api/public/guest                             where the guest with the cookie stands (public)
 */
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { parseOrThrow } from '../errors';
import { GUEST_COOKIE, guestIdParam, guestToken, inviteGuestRequest, knockRequest, sessionIdParam } from '../protocol';
import { clientAddress } from './clientAddress';
import type { AppEnv, AppServices } from './context';
import { readJson } from './requestBody';

export function sessionGuestRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { guests } = services;
  const sessionOf = (raw: string) => parseOrThrow(sessionIdParam, raw);
  const guestOf = (raw: string) => parseOrThrow(guestIdParam, raw);

  app.post('/:id/guests', async (c) => {
    const id = sessionOf(c.req.param('id'));
    const request = await readJson(c, inviteGuestRequest);
    return c.json({ invitation: await guests.invite(c.var.staff, id, request) }, 201);
  });
  app.get('/:id/guests', async (c) => c.json({ guests: await guests.list(c.var.staff, sessionOf(c.req.param('id'))) }));
  app.post('/:id/guests/:guestId/admit', async (c) => c.json({ guest: await guests.admit(c.var.staff, sessionOf(c.req.param('id')), guestOf(c.req.param('guestId'))) }));
  app.post('/:id/guests/:guestId/refuse', async (c) => c.json({ guest: await guests.refuse(c.var.staff, sessionOf(c.req.param('id')), guestOf(c.req.param('guestId'))) }));
  app.post('/:id/guests/:guestId/remove', async (c) => c.json({ guest: await guests.remove(c.var.staff, sessionOf(c.req.param('id')), guestOf(c.req.param('guestId'))) }));
  return app;
}

export function publicGuestRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { guests } = services;
  const tokenOf = (raw: string) => parseOrThrow(guestToken, raw);

  app.get('/guests/:token', async (c) => c.json({ guest: await guests.page(tokenOf(c.req.param('token')), getCookie(c, GUEST_COOKIE) ?? null, { address: clientAddress(c) }) }));
  app.post('/guests/:token/knock', async (c) => {
    const token = tokenOf(c.req.param('token'));
    const request = await readJson(c, knockRequest);
    const { key, view } = await guests.knock(token, request, { address: clientAddress(c) });
    // The session's end closes the key whatever the cookie's age; 12 hours bounds a forgotten one.
    setCookie(c, GUEST_COOKIE, key, { path: '/', httpOnly: true, sameSite: 'Strict', secure: services.config.signIn.cookieSecure, maxAge: 12 * 3600 });
    return c.json({ guest: view }, 201);
  });
  app.get('/guest', async (c) => c.json({ guest: await guests.status(getCookie(c, GUEST_COOKIE) ?? '', { address: clientAddress(c) }) }));
  return app;
}

/** /api/sessions and /api/queue: start, read, cancel, accept and end sessions; chat history. */
import { Hono } from 'hono';
import { parseOrThrow } from '../errors';
import { endSessionRequest, pageQuery, sessionIdParam, startSessionRequest } from '../protocol';
import type { AppEnv, AppServices } from './context';
import { readJson } from './requestBody';
import { requireRole } from './staffSession';

export function sessionRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sessions } = services;
  const idOf = (raw: string) => parseOrThrow(sessionIdParam, raw);

  app.post('/', async (c) => {
    const request = await readJson(c, startSessionRequest);
    return c.json({ session: await sessions.start(c.var.staff, request) }, 201);
  });

  app.get('/', async (c) => c.json(await sessions.mine(c.var.staff, parseOrThrow(pageQuery, c.req.query()))));

  app.get('/:id', async (c) => c.json({ session: await sessions.view(c.var.staff, idOf(c.req.param('id'))) }));

  app.post('/:id/cancel', async (c) => {
    const id = idOf(c.req.param('id'));
    const body = c.req.header('content-length') === '0' || !c.req.header('content-type') ? {} : await readJson(c, endSessionRequest);
    return c.json({ session: await sessions.cancel(c.var.staff, id, body.reason) });
  });

  app.post('/:id/accept', async (c) => c.json({ session: await sessions.accept(c.var.staff, idOf(c.req.param('id'))) }));

  app.post('/:id/end', async (c) => {
    const id = idOf(c.req.param('id'));
    const body = c.req.header('content-length') === '0' || !c.req.header('content-type') ? {} : await readJson(c, endSessionRequest);
    return c.json({ session: await sessions.end(c.var.staff, id, body.reason) });
  });

  app.get('/:id/chat', async (c) => c.json({ messages: await services.chat.history(c.var.staff, idOf(c.req.param('id'))) }));

  return app;
}

export function queueRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // The home console's queue: other roles are refused at the edge, as the /home page refuses them.
  app.get('/', requireRole('home_clerk'), async (c) => c.json({ queue: await services.sessions.queue(c.var.staff) }));
  return app;
}

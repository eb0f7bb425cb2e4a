/**
 * Ratings over HTTP:
 *   GET  /api/sessions/:id/rating-link         the kiosk / QR link (clerks of an ended session)
 *   GET  /api/public/ratings/:token            the rating page (public)
 *   POST /api/public/ratings/:token            { level, reasons, comment } — once (public)
 */
import { Hono } from 'hono';
import { parseOrThrow } from '../errors';
import { ratingSubmission, ratingToken, sessionIdParam } from '../protocol';
import type { AppEnv, AppServices } from './context';
import { readJson } from './requestBody';

export function ratingRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { ratings } = services;

  app.get('/sessions/:id/rating-link', async (c) => c.json({ link: await ratings.link(c.var.staff, parseOrThrow(sessionIdParam, c.req.param('id'))) }));

  app.get('/public/ratings/:token', async (c) => c.json({ rating: await ratings.page(parseOrThrow(ratingToken, c.req.param('token'))) }));
  app.post('/public/ratings/:token', async (c) => {
    const token = parseOrThrow(ratingToken, c.req.param('token'));
    const submission = await readJson(c, ratingSubmission);
    return c.json({ rating: await ratings.submit(token, submission) }, 201);
  });

  return app;
}

/**
 * Ratings, follow-ups, appeals and the supervisor's figures over HTTP:
 *   GET  /api/sessions/:id/rating-link         the kiosk / QR link (clerks of an ended session)
 *   GET  /api/public/ratings/:token            the rating page (public)
 *   POST /api/public/ratings/:token            { level, reasons, comment } — once (public)
 *   GET  /api/follow-ups                       the supervisor's follow-ups
 *   POST /api/follow-ups/:id/steps             { step: return_call | rectify | close, … }
 *   POST /api/ratings/:id/appeals              { reason } — the clerk the rating is attributed to
 *   POST /api/appeals/:id/decision             { decision: upheld | rejected, note } — supervisor
 *   GET  /api/supervision/live | statistics | statistics.csv   (?period=today|7d|30d)
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { parseOrThrow } from '../errors';
import { appealDecision, appealRequest, followUpStep, ratingSubmission, ratingToken, sessionIdParam, statisticsQuery } from '../protocol';
import type { AppEnv, AppServices } from './context';
import { readJson } from './requestBody';

const numericId = z.coerce.number().int().positive();

export function ratingRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { ratings, followUps, supervision } = services;

  app.get('/sessions/:id/rating-link', (c) => c.json({ link: ratings.link(c.var.staff, parseOrThrow(sessionIdParam, c.req.param('id'))) }));

  app.get('/public/ratings/:token', (c) => c.json({ rating: ratings.page(parseOrThrow(ratingToken, c.req.param('token'))) }));
  app.post('/public/ratings/:token', async (c) => {
    const token = parseOrThrow(ratingToken, c.req.param('token'));
    const submission = await readJson(c, ratingSubmission);
    return c.json({ rating: ratings.submit(token, submission) }, 201);
  });

  app.get('/follow-ups', (c) => c.json({ followUps: followUps.list(c.var.staff) }));
  app.post('/follow-ups/:id/steps', async (c) => {
    const id = parseOrThrow(numericId, c.req.param('id'));
    return c.json({ followUp: followUps.step(c.var.staff, id, await readJson(c, followUpStep)) });
  });
  app.post('/ratings/:id/appeals', async (c) => {
    const id = parseOrThrow(numericId, c.req.param('id'));
    const { reason } = await readJson(c, appealRequest);
    return c.json({ appeal: followUps.appeal(c.var.staff, id, reason) }, 201);
  });
  app.post('/appeals/:id/decision', async (c) => {
    const id = parseOrThrow(numericId, c.req.param('id'));
    return c.json({ appeal: followUps.decide(c.var.staff, id, await readJson(c, appealDecision)) });
  });

  app.get('/supervision/live', (c) => c.json({ live: supervision.live(c.var.staff) }));
  app.get('/supervision/statistics', (c) => {
    const { period } = parseOrThrow(statisticsQuery, c.req.query());
    return c.json({ statistics: supervision.statistics(c.var.staff, period) });
  });
  app.get('/supervision/statistics.csv', (c) => {
    const { period } = parseOrThrow(statisticsQuery, c.req.query());
    return c.body(supervision.csv(c.var.staff, period), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="statistics-${period}.csv"`,
    });
  });
  return app;
}

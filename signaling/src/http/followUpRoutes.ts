/**
 * 差评整改 and appeals over HTTP:
 *   GET  /api/follow-ups                       the supervisor's follow-ups
 *   POST /api/follow-ups/:id/steps             { step: return_call | rectify | close, … }
 *   POST /api/ratings/:id/appeals              { reason } — the clerk the rating is attributed to
 *   POST /api/appeals/:id/decision             { decision: upheld | rejected, note } — supervisor
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { parseOrThrow } from '../errors';
import { appealDecision, appealRequest, followUpStep } from '../protocol';
import type { AppEnv, AppServices } from './context';
import { readJson } from './requestBody';

const numericId = z.coerce.number().int().positive();

export function followUpRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { followUps } = services;

  app.get('/follow-ups', async (c) => c.json({ followUps: await followUps.list(c.var.staff) }));
  app.post('/follow-ups/:id/steps', async (c) => {
    const id = parseOrThrow(numericId, c.req.param('id'));
    return c.json({ followUp: await followUps.step(c.var.staff, id, await readJson(c, followUpStep)) });
  });
  app.post('/ratings/:id/appeals', async (c) => {
    const id = parseOrThrow(numericId, c.req.param('id'));
    const { reason } = await readJson(c, appealRequest);
    return c.json({ appeal: await followUps.appeal(c.var.staff, id, reason) }, 201);
  });
  app.post('/appeals/:id/decision', async (c) => {
    const id = parseOrThrow(numericId, c.req.param('id'));
    return c.json({ appeal: await followUps.decide(c.var.staff, id, await readJson(c, appealDecision)) });
  });

  return app;
}

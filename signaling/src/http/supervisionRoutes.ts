/** The supervisor's figures over HTTP: GET /api/supervision/live | statistics | statistics.csv (?period=today|7d|30d). */
import { Hono } from 'hono';
import { parseOrThrow } from '../errors';
import { statisticsQuery } from '../protocol';
import type { AppEnv, AppServices } from './context';

export function supervisionRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { supervision } = services;

  app.get('/live', async (c) => c.json({ live: await supervision.live(c.var.staff) }));
  app.get('/statistics', async (c) => {
    const { period } = parseOrThrow(statisticsQuery, c.req.query());
    return c.json({ statistics: await supervision.statistics(c.var.staff, period) });
  });
  app.get('/statistics.csv', async (c) => {
    const { period } = parseOrThrow(statisticsQuery, c.req.query());
    return c.body(await supervision.csv(c.var.staff, period), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="statistics-${period}.csv"`,
    });
  });
  return app;
}

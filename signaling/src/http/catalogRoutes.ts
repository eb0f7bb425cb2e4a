/** /api/catalog: home jurisdictions and their matters with material checklists, for the session form. */
import { Hono } from 'hono';
import { z } from 'zod';
import { parseOrThrow } from '../errors';
import type { AppEnv, AppServices } from './context';

const mattersQuery = z.strictObject({ jurisdiction: z.string().regex(/^\d{6}$/).optional() });

export function catalogRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/jurisdictions', async (c) => c.json({ jurisdictions: await services.catalog.homeJurisdictions() }));
  app.get('/matters', async (c) => {
    const query = parseOrThrow(mattersQuery, c.req.query());
    return c.json({ matters: await services.catalog.mattersWithMaterials(query.jurisdiction) });
  });
  return app;
}

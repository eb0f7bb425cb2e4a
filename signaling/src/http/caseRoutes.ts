/**
 * Cases over HTTP:
 *   POST /api/sessions/:id/case       receive the session's case (home clerk; identity must be verified)
 *   GET  /api/sessions/:id/case       the session's case, or { case: null } while there is none
 *   GET  /api/cases                   list (?status=&matter=&due=soon|overdue)
 *   GET  /api/cases/:id               the case page with its timeline
 *   POST /api/cases/:id/decision      accept | decline | supplement | start | complete | deliver
 *   GET  /api/cases/:id/package       the export package (zip: manifest.json + captures)
 *   GET  /api/public/case-status      ?number=&idLast4= — public, nothing personal
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { z } from 'zod';
import { parseOrThrow } from '../errors';
import { caseDecisionRequest, caseListQuery, caseStatusQuery, createCaseRequest, sessionIdParam, type SessionCaseResponse } from '../protocol';
import type { AppEnv, AppServices } from './context';
import { readJson } from './requestBody';

const caseIdParam = z.coerce.number().int().positive();

export function sessionCaseRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/:id/case', async (c) => {
    const sessionId = parseOrThrow(sessionIdParam, c.req.param('id'));
    const hasBody = c.req.header('content-type') !== undefined && c.req.header('content-length') !== '0';
    const request = hasBody ? await readJson(c, createCaseRequest) : {};
    const row = await services.cases.receive(c.var.staff, sessionId, request);
    return c.json({ case: await services.caseViews.view(row) }, 201);
  });
  app.get('/:id/case', async (c) => {
    const sessionId = parseOrThrow(sessionIdParam, c.req.param('id'));
    const answer: SessionCaseResponse = { case: await services.cases.caseOfSession(c.var.staff, sessionId) };
    return c.json(answer);
  });
  return app;
}

export function caseRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const query = parseOrThrow(caseListQuery, c.req.query());
    return c.json(await services.cases.list(c.var.staff, query));
  });

  app.get('/:id', async (c) => {
    const row = await services.cases.readable(c.var.staff, parseOrThrow(caseIdParam, c.req.param('id')));
    return c.json({ case: await services.caseViews.view(row) });
  });

  app.post('/:id/decision', async (c) => {
    const id = parseOrThrow(caseIdParam, c.req.param('id'));
    const decision = await readJson(c, caseDecisionRequest);
    return c.json({ case: await services.caseViews.view(await services.cases.decide(c.var.staff, id, decision)) });
  });

  app.get('/:id/package', async (c) => {
    const row = await services.cases.readable(c.var.staff, parseOrThrow(caseIdParam, c.req.param('id')));
    const { fileName, bytes } = await services.caseViews.exportPackage(row, c.var.staff);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'private, no-store',
    });
  });

  return app;
}

export function publicRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/case-status', async (c) => {
    const query = parseOrThrow(caseStatusQuery, c.req.query());
    return c.json({ status: await services.caseStatus.find(query.number, query.idLast4, getConnInfo(c).remote.address ?? '') });
  });
  return app;
}

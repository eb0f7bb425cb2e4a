/**
 * Captures and identity checks over HTTP:
 *   POST /api/sessions/:id/captures       the file as the body (Content-Type, X-Capture-Material, X-Capture-Kind)
 *   GET  /api/sessions/:id/captures       the session's captures
 *   GET  /api/captures/:id/file           the file, with the type verified at upload
 *   POST /api/captures/:id/review         { status: 'accepted' } | { status: 'recapture_requested', reason }
 *   GET  /api/sessions/:id/identity       the identity panel
 *   POST /api/sessions/:id/identity       { verdict: 'verified', captureIds? } | { verdict: 'not_verified', reason, captureIds? }
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { AppError, parseOrThrow } from '../errors';
import { captureIdParam, captureReviewRequest, captureUploadHeaders, identityVerdictRequest, sessionIdParam } from '../protocol';
import type { AppEnv, AppServices } from './context';
import { readJson } from './requestBody';

export function sessionCaptureRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/:id/captures', async (c) => {
    const sessionId = parseOrThrow(sessionIdParam, c.req.param('id'));
    const headers = parseOrThrow(captureUploadHeaders, c.req.header());
    const lengthHeader = c.req.header('content-length');
    if (lengthHeader !== undefined && !/^\d+$/.test(lengthHeader)) throw new AppError('LENGTH_REQUIRED');
    const capture = await services.captures.upload(c.var.staff, sessionId, {
      declaredType: headers['content-type'],
      material: headers['x-capture-material'],
      kind: headers['x-capture-kind'],
      contentLength: lengthHeader === undefined ? null : Number(lengthHeader),
      body: c.env.incoming,
    });
    return c.json({ capture }, 201);
  });

  app.get('/:id/captures', async (c) => {
    const sessionId = parseOrThrow(sessionIdParam, c.req.param('id'));
    return c.json({ captures: await services.captures.list(c.var.staff, sessionId) });
  });

  app.get('/:id/identity', async (c) => {
    const sessionId = parseOrThrow(sessionIdParam, c.req.param('id'));
    return c.json({ identity: await services.identity.view(c.var.staff, sessionId) });
  });

  app.post('/:id/identity', async (c) => {
    const sessionId = parseOrThrow(sessionIdParam, c.req.param('id'));
    const request = await readJson(c, identityVerdictRequest);
    return c.json({ verdict: await services.identity.record(c.var.staff, sessionId, request) }, 201);
  });

  return app;
}

export function captureRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/:id/file', async (c) => {
    const captureId = parseOrThrow(captureIdParam, c.req.param('id'));
    const file = await services.captures.file(c.var.staff, captureId);
    const stream = Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>;
    return c.body(stream, 200, {
      'content-type': file.mimeType,
      'content-length': String(file.sizeBytes),
      'content-disposition': 'inline',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=3600',
      etag: `"${file.sha256}"`,
      'x-capture-sha256': file.sha256,
    });
  });

  app.post('/:id/review', async (c) => {
    const captureId = parseOrThrow(captureIdParam, c.req.param('id'));
    const request = await readJson(c, captureReviewRequest);
    return c.json({ capture: await services.captures.review(c.var.staff, captureId, request) });
  });

  return app;
}

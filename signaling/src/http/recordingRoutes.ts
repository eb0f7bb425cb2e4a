/**
 * Recordings over HTTP (录音录像):
 *   GET  /api/sessions/:id/recording          the session's segments, gaps and timeline marks
 *   POST /api/sessions/:id/recording-notice   the local clerk confirms the citizen was told
 *   GET  /api/recordings/:id/file             one segment (WebM), with Range requests (206, 416)
 *   POST /api/recordings/:id/purge            a supervisor removes one segment (refused under an open follow-up)
 *   PUT  /api/recordings/policies/:code       an administrator sets { required, retentionDays } of a jurisdiction
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { AppError, parseOrThrow } from '../errors';
import { jurisdictionCodeParam, recordingIdParam, recordingPolicyRequest, sessionIdParam } from '../protocol';
import type { AppEnv, AppServices } from './context';
import { readJson } from './requestBody';

/** The one byte range of a `Range` header within `size` bytes; null: none asked; 'unsatisfiable' beyond the file. */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'unsatisfiable';
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export function sessionRecordingRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/:id/recording', async (c) => {
    const sessionId = parseOrThrow(sessionIdParam, c.req.param('id'));
    return c.json({ recording: await services.recordings.view(c.var.staff, sessionId) });
  });
  app.post('/:id/recording-notice', async (c) => {
    const sessionId = parseOrThrow(sessionIdParam, c.req.param('id'));
    return c.json({ notice: await services.recordings.confirmNotice(c.var.staff, sessionId) }, 201);
  });
  return app;
}

export function recordingRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/:id/file', async (c) => {
    const recordingId = parseOrThrow(recordingIdParam, c.req.param('id'));
    const file = await services.recordings.file(c.var.staff, recordingId);
    const range = byteRange(c.req.header('range'), file.bytes);
    const common = {
      'content-type': 'video/webm',
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=3600',
      etag: `"${file.sha256}"`,
      'x-recording-sha256': file.sha256,
    };
    if (range === 'unsatisfiable') {
      const error = new AppError('RANGE_NOT_SATISFIABLE');
      return c.json({ error: error.toPayload() }, 416, { 'content-range': `bytes */${file.bytes}` });
    }
    const { start, end } = range ?? { start: 0, end: file.bytes - 1 };
    const stream = Readable.toWeb(createReadStream(file.path, { start, end })) as ReadableStream<Uint8Array>;
    if (!range) return c.body(stream, 200, { ...common, 'content-length': String(file.bytes) });
    return c.body(stream, 206, { ...common, 'content-length': String(end - start + 1), 'content-range': `bytes ${start}-${end}/${file.bytes}` });
  });

  app.put('/policies/:code', async (c) => {
    const code = parseOrThrow(jurisdictionCodeParam, c.req.param('code'));
    const policy = await readJson(c, recordingPolicyRequest);
    await services.recordings.setPolicy(c.var.staff, code, policy);
    return c.json({ policy });
  });

  app.post('/:id/purge', async (c) => {
    const recordingId = parseOrThrow(recordingIdParam, c.req.param('id'));
    await services.recordings.purge(c.var.staff, recordingId);
    return c.json({ purged: recordingId });
  });

  return app;
}

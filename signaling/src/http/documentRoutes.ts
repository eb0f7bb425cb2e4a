/**
 * Signatures (签名) and 一次性告知书 over HTTP:
 *   POST /api/cases/:id/signing-documents        make the document to sign (the session's local clerk)
 *   GET  /api/cases/:id/signatures               the case's documents to sign and signatures (case readers)
 *   GET  /api/signing-documents/:id/pdf          the document, byte for byte as hashed (case readers)
 *   POST /api/signing-documents/:id/signatures   the citizen's signature from the kiosk (the session's local clerk)
 *   GET  /api/signatures/:id/image               a signature's PNG (case readers)
 *   GET  /api/cases/:id/notices                  the case's 一次性告知书 (case readers)
 *   GET  /api/notices/:id/pdf                    one notice as a PDF (case readers)
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { parseOrThrow } from '../errors';
import { noticeIdParam, signatureIdParam, signatureRequest, signingDocumentIdParam, signingDocumentRequest } from '../protocol';
import type { AppEnv, AppServices } from './context';
import { readJson } from './requestBody';

const caseIdParam = z.coerce.number().int().positive();

const pdfAnswer = (fileName: string, disposition: 'inline' | 'attachment') => ({
  'content-type': 'application/pdf',
  'content-disposition': `${disposition}; filename="${fileName}"`,
  'cache-control': 'private, no-store',
});

/** Under /api/cases. */
export function caseDocumentRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/:id/signing-documents', async (c) => {
    const id = parseOrThrow(caseIdParam, c.req.param('id'));
    const { kind } = await readJson(c, signingDocumentRequest);
    return c.json({ document: await services.signatures.prepare(c.var.staff, id, kind) }, 201);
  });
  app.get('/:id/signatures', async (c) => c.json(await services.signatures.ofCase(c.var.staff, parseOrThrow(caseIdParam, c.req.param('id')))));
  app.get('/:id/notices', async (c) => c.json({ notices: await services.notices.ofCase(c.var.staff, parseOrThrow(caseIdParam, c.req.param('id'))) }));
  return app;
}

/** Under /api. */
export function documentRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/signing-documents/:id/pdf', async (c) => {
    const { fileName, bytes } = await services.signatures.pdf(c.var.staff, parseOrThrow(signingDocumentIdParam, c.req.param('id')));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, pdfAnswer(fileName, 'inline'));
  });
  app.post('/signing-documents/:id/signatures', async (c) => {
    const id = parseOrThrow(signingDocumentIdParam, c.req.param('id'));
    const request = await readJson(c, signatureRequest);
    return c.json({ signature: await services.signatures.sign(c.var.staff, id, request) }, 201);
  });
  app.get('/signatures/:id/image', async (c) => {
    const png = await services.signatures.image(c.var.staff, parseOrThrow(signatureIdParam, c.req.param('id')));
    return c.body(new Uint8Array(png) as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'image/png', 'cache-control': 'private, no-store' });
  });
  app.get('/notices/:id/pdf', async (c) => {
    const { fileName, bytes } = await services.notices.pdf(c.var.staff, parseOrThrow(noticeIdParam, c.req.param('id')));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, pdfAnswer(fileName, c.req.query('download') === '1' ? 'attachment' : 'inline'));
  });
  return app;
}

/**
 * Hands every request outside /api and /ws to the built SvelteKit app (adapter-node's handler.js),
 * with the request's WebContext on `req.vwindow` (read by apps/web/src/hooks.server.ts).
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseCookie } from 'hono/utils/cookie';
import { CA_CERTIFICATE_PATH, SIGN_IN_COOKIE, t } from '../protocol';
import type { AppServices } from '../http/context';
import { answerFor } from '../errors';
import type { WebContext } from './webContext';
import { allowConnectingTo } from './clusterCsp';
import { productOrigin } from '../http/productOrigin';

const PROTOCOL_HEADER = 'x-vwindow-proto';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
export type PageRequest = IncomingMessage & { vwindow?: WebContext };

export async function loadPageHandler(services: AppServices): Promise<(req: IncomingMessage, res: ServerResponse) => void> {
  const handlerFile = join(services.config.webBuildDir, 'handler.js');
  if (!existsSync(handlerFile)) {
    services.logger.warn({ handlerFile }, 'web app not built; pages answer 503 until `npm run build`');
    return (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${t('errors.SERVICE_UNAVAILABLE')} (web app not built: run npm run build)`);
    };
  }
  // adapter-node works out each request's origin (for SvelteKit's CSRF check on form posts) from the
  // Host header and a protocol header, defaulting to https. It reads PROTOCOL_HEADER when the handler
  // is imported; the server sets that header on every request from what it knows.
  process.env.PROTOCOL_HEADER ??= PROTOCOL_HEADER;
  const protocol = services.config.signIn.cookieSecure ? 'https' : 'http';
  const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler };
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    req.headers[PROTOCOL_HEADER] = protocol;
    const token = parseCookie(req.headers.cookie ?? '')[SIGN_IN_COOKIE] ?? null;
    const staff = await services.auth.staffForToken(token);
    (req as PageRequest).vwindow = {
      staff,
      token: staff ? token : null,
      auth: services.auth,
      sessions: services.sessions,
      clientAddress: req.socket.remoteAddress ?? '',
      cases: services.cases,
      caseStatus: services.caseStatus,
      signatures: services.signatures,
      notices: services.notices,
      ratings: services.ratings,
      guests: services.guests,
      followUps: services.followUps,
      supervision: services.supervision,
      catalog: services.catalog,
      settings: services.settings,
      staffDirectory: services.staffDirectory,
      audit: services.audit,
      recordings: services.recordings,
      cookie: { name: SIGN_IN_COOKIE, secure: services.config.signIn.cookieSecure, maxAgeSeconds: services.auth.maxAgeSeconds },
      uploadLimitMb: services.config.uploadLimitMb,
      caCertificatePath: services.tls.mode === 'local' ? CA_CERTIFICATE_PATH : null,
      pageFailed: (cause, request) => {
        const { answer, unexpected } = answerFor(cause);
        const fields = { err: cause, method: request.method, url: request.path };
        if (unexpected) services.logger.error(fields, 'unhandled page error');
        else if (answer.status >= 500) services.logger.error(fields, 'page failed');
        return { status: answer.status, error: answer.toPayload() };
      },
    };
    // A room held by another node is joined over that node's signaling.
    allowConnectingTo(res, services.placement.nodeSources(productOrigin(services.config, req.headers.host)));
    handler(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(t('errors.NOT_FOUND'));
    });
  };
  return (req, res) => {
    serve(req, res).catch((error: unknown) => {
      services.logger.error({ err: error, url: req.url }, 'page request failed');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const { answer } = answerFor(error);
      res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(answer.message);
    });
  };
}

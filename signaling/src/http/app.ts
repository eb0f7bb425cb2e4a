/**
 * The Hono app: one sub-app per resource under /api, JSON errors with stable codes, and /ws.
 * Everything outside /api and /ws is served by the web app (see ../web/pageRequests.ts).
 */
import { recordingRoutes, sessionRecordingRoutes } from './recordingRoutes';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { unauditedRefusal } from '../audit/refusals';
import { AppError, answerFor } from '../errors';
import { CA_CERTIFICATE_PATH, SIGNATURE_BODY_MAX_BYTES } from '../protocol';
import type { AppEnv, AppServices } from './context';
import { authRoutes, meRoutes } from './authRoutes';
import { adminRoutes } from './adminRoutes';
import { captureRoutes, sessionCaptureRoutes } from './captureRoutes';
import { caseRoutes, publicRoutes, sessionCaseRoutes } from './caseRoutes';
import { catalogRoutes } from './catalogRoutes';
import { caseDocumentRoutes, documentRoutes } from './documentRoutes';
import { caCertificateRoutes } from './caCertificateRoutes';
import { healthRoutes } from './healthRoutes';
import { followUpRoutes } from './followUpRoutes';
import { publicGuestRoutes, sessionGuestRoutes } from './guestRoutes';
import { ratingRoutes } from './ratingRoutes';
import { queueRoutes, sessionRoutes } from './sessionRoutes';
import { supervisionRoutes } from './supervisionRoutes';
import { requireStaff } from './staffSession';
import { adminHealthRoutes } from './healthRoutes';
import { clientAddress } from './clientAddress';
import { requireProductOrigin } from './originCheck';
import { securityHeaders } from './securityHeaders';

export function createApp(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Every answer, errors and 404s included, carries the security headers (./securityHeaders.ts).
  app.use('*', securityHeaders());
  // State-changing requests only from the product's own pages (./originCheck.ts), before anything else.
  app.use('/api/*', requireProductOrigin(services));

  // JSON bodies are small; capture uploads stream to disk under their own limit (CaptureStore).
  const jsonLimit = bodyLimit({
    maxSize: 64 * 1024,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE');
    },
  });
  const isUpload = (path: string, method: string) => method === 'POST' && /^\/api\/sessions\/[^/]+\/captures$/.test(path);
  // A signature carries its PNG (base64) in the JSON: a limit of its own.
  const isSignature = (path: string, method: string) => method === 'POST' && /^\/api\/signing-documents\/[^/]+\/signatures$/.test(path);
  const signatureLimit = bodyLimit({
    maxSize: SIGNATURE_BODY_MAX_BYTES,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE');
    },
  });
  // GET and HEAD have no body to limit, and asking for one would build a whole fetch Request (with an
  // AbortSignal and its finalizer, which every full garbage collection then has to process) for each.
  const bodiless = (method: string) => method === 'GET' || method === 'HEAD';
  app.use('/api/*', (c, next) => {
    const { path, method } = c.req;
    if (bodiless(method) || isUpload(path, method)) return next();
    return isSignature(path, method) ? signatureLimit(c, next) : jsonLimit(c, next);
  });
  // Every /api path needs a signed-in staff member, except these; unknown paths answer 401 first,
  // so nobody learns what exists without signing in.
  const publicPaths = new Set(['/api/health', '/api/auth/sign-in', '/api/auth/sign-out']);
  const isPublic = (path: string) => publicPaths.has(path) || path.startsWith('/api/public/');
  const signedIn = requireStaff(services);
  app.use('/api/*', (c, next) => (isPublic(c.req.path) ? next() : signedIn(c, next)));

  app.route('/api/health', healthRoutes(services));
  app.route('/api/admin/health', adminHealthRoutes(services));
  app.route('/api/auth', authRoutes(services));
  app.route('/api/me', meRoutes());
  app.route('/api/catalog', catalogRoutes(services));
  app.route('/api/sessions', sessionRoutes(services));
  app.route('/api/sessions', sessionCaptureRoutes(services));
  app.route('/api/captures', captureRoutes(services));
  app.route('/api/sessions', sessionCaseRoutes(services));
  app.route('/api/cases', caseRoutes(services));
  app.route('/api/cases', caseDocumentRoutes(services));
  app.route('/api', documentRoutes(services));
  app.route('/api/sessions', sessionRecordingRoutes(services));
  app.route('/api/recordings', recordingRoutes(services));
  app.route(CA_CERTIFICATE_PATH, caCertificateRoutes(services));
  app.route('/api/public', publicRoutes(services));
  app.route('/api/sessions', sessionGuestRoutes(services));
  app.route('/api/public', publicGuestRoutes(services));
  app.route('/api', adminRoutes(services));
  app.route('/api', ratingRoutes(services));
  app.route('/api', followUpRoutes(services));
  app.route('/api/supervision', supervisionRoutes(services));
  app.route('/api/queue', queueRoutes(services));

  app.notFound((c) => c.json({ error: new AppError('NOT_FOUND').toPayload() }, 404));
  app.onError(async (error, c) => {
    // A refusal made here at the edge (not signed in, wrong role, foreign origin) gets its audit row;
    // one a service made already has it.
    if (unauditedRefusal(error)) {
      await services.audit.refused({
        actor: c.get('staff') ?? null,
        address: clientAddress(c),
        action: 'access.refused',
        target: { type: c.req.path.startsWith('/ws') ? 'ws' : 'api', id: `${c.req.method} ${c.req.path}` },
        reason: error.code,
      });
      error.audited = true;
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json({ error: new AppError('VALIDATION_FAILED', { detail: error.message }).toPayload() }, error.status);
    }
    const { answer, unexpected } = answerFor(error);
    if (unexpected) services.logger.error({ err: error, path: c.req.path }, 'unhandled error');
    else if (answer.status >= 500) services.logger.error({ err: error, path: c.req.path }, 'request failed');
    // The rest of a body too large was not read: say that the connection ends with this answer.
    if (answer.status === 413) c.header('connection', 'close');
    return c.json({ error: answer.toPayload() }, answer.status as ContentfulStatusCode);
  });

  return app;
}

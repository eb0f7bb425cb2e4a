/**
 * The local CA's certificate, public, for hall PCs to trust (linked from the sign-in page). Only the
 * CA's certificate is ever served, never a key; 404 when the port does not use the local CA.
 */
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { Hono } from 'hono';
import { AppError } from '../errors';
import { CA_CERTIFICATE_FILE_NAME } from '../protocol';
import type { AppEnv, AppServices } from './context';

export function caCertificateRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => {
    const caFile = services.tls.mode === 'local' ? services.tls.caFile : null;
    if (!caFile) throw new AppError('NOT_FOUND');
    // Re-encoded from the parsed certificate: whatever else the file might hold is never sent.
    const pem = new X509Certificate(readFileSync(caFile)).toString();
    return c.body(pem, 200, {
      'content-type': 'application/x-x509-ca-cert',
      'content-disposition': `attachment; filename="${CA_CERTIFICATE_FILE_NAME}"`,
      'cache-control': 'no-cache',
    });
  });
  return app;
}

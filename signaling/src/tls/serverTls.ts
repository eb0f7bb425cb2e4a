/**
 * How the product's port speaks: plain HTTP on loopback without a certificate; HTTPS with the given
 * certificate (VWINDOW_TLS_CERT / VWINDOW_TLS_KEY); or, beyond loopback without one, HTTPS with a
 * certificate from the product's own CA (./LocalCertificateAuthority.ts), announced in one paragraph.
 */
import { join } from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { loadCertificatePair } from './certificateFiles';
import { certificateNames, interfaceAddresses, isLoopback } from './certificateNames';
import { ensureLocalCertificate } from './LocalCertificateAuthority';
import { trustNotice } from './trustNotice';

export type ServerTls =
  | { mode: 'plain' }
  | {
      mode: 'given' | 'local';
      cert: string;
      key: string;
      certFile: string;
      keyFile: string;
      notAfter: Date;
      /** The local CA's certificate file (mode 'local' only): served at protocol's CA_CERTIFICATE_PATH. */
      caFile: string | null;
    };

export async function resolveServerTls(config: Config, logger: Logger, now: Date = new Date()): Promise<ServerTls> {
  const { certFile, keyFile, mode } = config.tls;
  if (mode === 'off') return { mode: 'plain' };
  if (certFile && keyFile) {
    const pair = loadCertificatePair({ certFile, keyFile, certVariable: 'VWINDOW_TLS_CERT', keyVariable: 'VWINDOW_TLS_KEY' }, now);
    logger.info({ certFile, notAfter: pair.notAfter }, 'HTTPS with the given certificate');
    return { mode: 'given', cert: pair.cert, key: pair.key, certFile, keyFile, notAfter: pair.notAfter, caFile: null };
  }
  if (mode === 'auto' && isLoopback(config.host)) return { mode: 'plain' };
  const names = certificateNames({
    host: config.host,
    extraNames: config.turn.mode === 'embedded' ? [...config.tls.names, config.turn.address] : config.tls.names,
    announcedAddress: config.rtc.announcedAddress,
    interfaceAddresses: interfaceAddresses(),
  });
  const local = await ensureLocalCertificate({ dir: join(config.dataDir, 'tls'), names, now });
  logger.info({ made: local.made, names, notAfter: local.notAfter, caFile: local.caFile }, 'HTTPS with the local CA');
  process.stdout.write(`\n${trustNotice({ caFile: local.caFile, names, port: config.port })}\n\n`);
  return {
    mode: 'local',
    cert: local.cert,
    key: local.key,
    certFile: local.certFile,
    keyFile: local.keyFile,
    notAfter: local.notAfter,
    caFile: local.caFile,
  };
}

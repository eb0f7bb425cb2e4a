/**
 * Reads a PEM certificate and key and checks them before anything else starts: readable, a
 * certificate, valid now, and the key belongs to it. Each failure names the variable and the file.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { StartupError } from '../startupError';

export interface CertificatePair {
  /** The PEM text of the certificate (with any chain after it) and of its key. */
  cert: string;
  key: string;
  certificate: X509Certificate;
  notAfter: Date;
}

export interface CertificateSource {
  certFile: string;
  keyFile: string;
  /** The variables the files came from, for the messages (e.g. VWINDOW_TLS_CERT / VWINDOW_TLS_KEY). */
  certVariable: string;
  keyVariable: string;
}

function readText(file: string, variable: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new StartupError(variable, `cannot read the ${what} file ${file} (${reason})`);
  }
}

export function loadCertificatePair(source: CertificateSource, now: Date = new Date()): CertificatePair {
  const cert = readText(source.certFile, source.certVariable, 'certificate');
  const key = readText(source.keyFile, source.keyVariable, 'private key');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    throw new StartupError(source.certVariable, `${source.certFile} holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new StartupError(source.keyVariable, `${source.keyFile} holds no unencrypted PEM private key`);
  }
  const notBefore = new Date(certificate.validFrom);
  const notAfter = new Date(certificate.validTo);
  if (now >= notAfter) {
    throw new StartupError(source.certVariable, `the certificate in ${source.certFile} expired on ${notAfter.toISOString()}`);
  }
  if (now < notBefore) {
    throw new StartupError(source.certVariable, `the certificate in ${source.certFile} is not valid before ${notBefore.toISOString()}`);
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new StartupError(source.keyVariable, `the key in ${source.keyFile} does not belong to the certificate in ${source.certFile}`);
  }
  return { cert, key, certificate, notAfter };
}

/**
 * The product's own certificate authority, for a server that listens beyond loopback without a
 * certificate of its own: a CA (10 years) and a server certificate signed by it (397 days) for the
 * configured names and addresses, made with Debian's `openssl` CLI under <data dir>/tls and kept
 * across restarts. The server certificate is made again when fewer than 30 days are left, when the
 * names changed or when it no longer matches the CA; the CA is made again only when it is near its
 * end too (every hall PC then has to trust the new one).
 */
import { execFile } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StartupError } from '../startupError';
import { loadCertificatePair, type CertificatePair } from './certificateFiles';
import { subjectAltName } from './certificateNames';

const run = promisify(execFile);

const DAY_MS = 86_400_000;
/** Renew when fewer than this many days are left. */
export const RENEW_DAYS = 30;
const CA_DAYS = 3650;
const SERVER_DAYS = 397;

export interface LocalCertificateOptions {
  /** The directory for ca.pem, ca.key, server.pem, server.key and server.names.json (mode 0700). */
  dir: string;
  /** Host names and addresses the server certificate must cover. */
  names: readonly string[];
  now?: Date;
  /** The openssl binary (default: openssl on PATH). */
  openssl?: string;
}

export interface LocalCertificate extends CertificatePair {
  caFile: string;
  certFile: string;
  keyFile: string;
  /** What this start did: nothing (kept), a new server certificate, or a new CA and certificate. */
  made: 'kept' | 'server' | 'ca';
}

/** The variable a problem with the local CA is reported under. */
const VARIABLE = 'VWINDOW_DATA_DIR';

function daysLeft(certificate: X509Certificate, now: Date): number {
  return (new Date(certificate.validTo).getTime() - now.getTime()) / DAY_MS;
}

function readCertificate(file: string): X509Certificate | null {
  try {
    return new X509Certificate(readFileSync(file));
  } catch {
    return null;
  }
}

async function openssl(binary: string, args: string[]): Promise<void> {
  try {
    await run(binary, args, { timeout: 60_000 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new StartupError('VWINDOW_TLS_CERT', `no certificate given and \`${binary}\` is not installed to make one (apt-get install openssl), or set VWINDOW_TLS_CERT and VWINDOW_TLS_KEY`);
    }
    throw new StartupError(VARIABLE, `openssl ${args[0]} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

function serial(): string {
  return `0x${randomBytes(16).toString('hex').replace(/^./, '1')}`;
}

export async function ensureLocalCertificate(options: LocalCertificateOptions): Promise<LocalCertificate> {
  const now = options.now ?? new Date();
  const binary = options.openssl ?? 'openssl';
  const dir = options.dir;
  const caFile = join(dir, 'ca.pem');
  const caKeyFile = join(dir, 'ca.key');
  const certFile = join(dir, 'server.pem');
  const keyFile = join(dir, 'server.key');
  const namesFile = join(dir, 'server.names.json');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StartupError(VARIABLE, `cannot make ${dir} for the local certificate authority (${(error as Error).message})`);
  }

  let made: LocalCertificate['made'] = 'kept';
  const ca = readCertificate(caFile);
  if (!ca || !existsSync(caKeyFile) || daysLeft(ca, now) < RENEW_DAYS) {
    const tmpKey = `${caKeyFile}.tmp`;
    const tmpCert = `${caFile}.tmp`;
    const id = randomBytes(4).toString('hex');
    await openssl(binary, [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', tmpKey, '-out', tmpCert, '-days', String(CA_DAYS), '-set_serial', serial(),
      '-subj', `/O=Virtual Window/CN=Virtual Window local CA ${id}`,
      '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
      '-addext', 'subjectKeyIdentifier=hash',
    ]);
    chmodSync(tmpKey, 0o600);
    renameSync(tmpKey, caKeyFile);
    renameSync(tmpCert, caFile);
    made = 'ca';
  }
  const caCertificate = readCertificate(caFile);
  if (!caCertificate) throw new StartupError(VARIABLE, `${caFile} holds no certificate; delete ${dir} to have a new CA made`);

  const wanted = JSON.stringify([...options.names]);
  const current = readCertificate(certFile);
  const sameNames = existsSync(namesFile) && readFileSync(namesFile, 'utf8') === wanted;
  const stillGood = current !== null && existsSync(keyFile) && sameNames && daysLeft(current, now) >= RENEW_DAYS && current.verify(caCertificate.publicKey);
  if (made === 'ca' || !stillGood) {
    const tmpKey = `${keyFile}.tmp`;
    const csr = join(dir, 'server.csr.tmp');
    const ext = join(dir, 'server.ext.tmp');
    const tmpCert = `${certFile}.tmp`;
    writeFileSync(
      ext,
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature',
        'extendedKeyUsage=serverAuth',
        `subjectAltName=${subjectAltName(options.names)}`,
        'authorityKeyIdentifier=keyid',
        'subjectKeyIdentifier=hash',
        '',
      ].join('\n'),
    );
    await openssl(binary, [
      'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', tmpKey, '-out', csr, '-subj', `/O=Virtual Window/CN=${options.names.find((n) => n !== 'localhost') ?? 'localhost'}`,
    ]);
    await openssl(binary, [
      'x509', '-req', '-in', csr, '-CA', caFile, '-CAkey', caKeyFile, '-set_serial', serial(),
      '-days', String(SERVER_DAYS), '-extfile', ext, '-out', tmpCert,
    ]);
    rmSync(csr, { force: true });
    rmSync(ext, { force: true });
    chmodSync(tmpKey, 0o600);
    renameSync(tmpKey, keyFile);
    renameSync(tmpCert, certFile);
    writeFileSync(namesFile, wanted);
    if (made === 'kept') made = 'server';
  }
  // openssl dates a new certificate from its own clock, to the second: check it as of now at the earliest.
  const checkedAt = new Date(Math.max(now.getTime(), Date.now() + 1000));
  const pair = loadCertificatePair({ certFile, keyFile, certVariable: VARIABLE, keyVariable: VARIABLE }, checkedAt);
  return { ...pair, caFile, certFile, keyFile, made };
}

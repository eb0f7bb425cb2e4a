/** The local CA with the real openssl CLI, and the checks on a given certificate. */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StartupError } from '../startupError';
import { loadCertificatePair } from './certificateFiles';
import { certificateNames, isLoopback, subjectAltName } from './certificateNames';
import { ensureLocalCertificate } from './LocalCertificateAuthority';

const dir = mkdtempSync(join(tmpdir(), 'vwindow-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;

describe('certificate names', () => {
  it('tells loopback from the rest', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', '::', 'window.example.gov.cn'].some(isLoopback)).toBe(false);
  });

  it('covers the host, the extra names, the announced address, or every interface address on a wildcard', () => {
    expect(certificateNames({ host: '10.1.0.1', extraNames: ['Window.Example.gov.cn'], announcedAddress: '203.0.113.7', interfaceAddresses: ['10.9.9.9'] })).toEqual(
      ['10.1.0.1', '127.0.0.1', '203.0.113.7', 'localhost', 'window.example.gov.cn'],
    );
    expect(certificateNames({ host: '0.0.0.0', extraNames: [], interfaceAddresses: ['10.9.9.9', 'fd00::1'] })).toEqual(['10.9.9.9', '127.0.0.1', 'fd00::1', 'localhost']);
    expect(subjectAltName(['10.0.0.1', 'fd00::1', 'localhost'])).toBe('IP:10.0.0.1,IP:fd00::1,DNS:localhost');
  });
});

describe('the local certificate authority', () => {
  const caDir = join(dir, 'ca');
  const names = ['10.20.0.1', '127.0.0.1', 'localhost', 'window.example.gov.cn'];

  it('makes a CA and a server certificate for the names, signed by it, keys readable by the owner only', async () => {
    const made = await ensureLocalCertificate({ dir: caDir, names });
    expect(made.made).toBe('ca');
    const ca = new X509Certificate(readFileSync(made.caFile));
    expect(ca.ca).toBe(true);
    expect(made.certificate.verify(ca.publicKey)).toBe(true);
    expect(made.certificate.checkHost('window.example.gov.cn')).toBe('window.example.gov.cn');
    expect(made.certificate.checkIP('10.20.0.1')).toBe('10.20.0.1');
    expect(made.certificate.checkIP('10.20.0.2')).toBeUndefined();
    expect(statSync(made.keyFile).mode & 0o077).toBe(0);
    expect(statSync(join(caDir, 'ca.key')).mode & 0o077).toBe(0);
    // openssl itself agrees the chain holds.
    expect(execFileSync('openssl', ['verify', '-CAfile', made.caFile, made.certFile]).toString()).toMatch(/OK/);
  });

  it('keeps both across restarts, renews the server certificate when the names change or its end is near', async () => {
    const first = new X509Certificate(readFileSync(join(caDir, 'server.pem')));
    const again = await ensureLocalCertificate({ dir: caDir, names });
    expect(again.made).toBe('kept');
    expect(again.certificate.serialNumber).toBe(first.serialNumber);

    const renamed = await ensureLocalCertificate({ dir: caDir, names: [...names, '10.20.0.9'] });
    expect(renamed.made).toBe('server');
    expect(renamed.certificate.checkIP('10.20.0.9')).toBe('10.20.0.9');

    const ca = readFileSync(renamed.caFile, 'utf8');
    const nearEnd = new Date(new Date(renamed.certificate.validTo).getTime() - 20 * DAY);
    const renewed = await ensureLocalCertificate({ dir: caDir, names: [...names, '10.20.0.9'], now: nearEnd });
    expect(renewed.made).toBe('server');
    expect(readFileSync(renewed.caFile, 'utf8')).toBe(ca);
  });
});

describe('a given certificate', () => {
  const source = (certFile: string, keyFile: string) => ({ certFile, keyFile, certVariable: 'VWINDOW_TLS_CERT', keyVariable: 'VWINDOW_TLS_KEY' });
  const refusal = (run: () => unknown): StartupError => {
    try {
      run();
    } catch (error) {
      if (error instanceof StartupError) return error;
      throw error;
    }
    throw new Error('not refused');
  };
  const selfSigned = (name: string, days: string) => {
    const key = join(dir, `${name}.key`);
    const cert = join(dir, `${name}.pem`);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', days, '-subj', '/CN=localhost'], { stdio: 'pipe' });
    return { key, cert };
  };

  it('loads a good pair', () => {
    const good = selfSigned('good', '30');
    expect(loadCertificatePair(source(good.cert, good.key)).certificate.subject).toMatch(/CN=localhost/);
  });

  it('names the variable and the file when the certificate is missing, not PEM, expired or not of the key', () => {
    const good = selfSigned('good2', '30');
    const other = selfSigned('other', '30');
    const missing = refusal(() => loadCertificatePair(source(join(dir, 'nope.pem'), good.key)));
    expect(missing.message).toMatch(/^VWINDOW_TLS_CERT: cannot read the certificate file .*nope\.pem \(no such file\)/);
    const garbage = join(dir, 'garbage.pem');
    writeFileSync(garbage, 'not a certificate');
    expect(refusal(() => loadCertificatePair(source(garbage, good.key))).message).toMatch(/^VWINDOW_TLS_CERT: .*garbage\.pem holds no PEM certificate/);
    expect(refusal(() => loadCertificatePair(source(good.cert, garbage))).message).toMatch(/^VWINDOW_TLS_KEY: .*garbage\.pem holds no unencrypted PEM private key/);
    const later = new Date(Date.now() + 40 * DAY);
    expect(refusal(() => loadCertificatePair(source(good.cert, good.key), later)).message).toMatch(/^VWINDOW_TLS_CERT: the certificate in .*good2\.pem expired on/);
    expect(refusal(() => loadCertificatePair(source(good.cert, other.key))).message).toMatch(/^VWINDOW_TLS_KEY: the key in .*other\.key does not belong to the certificate in .*good2\.pem/);
  });
});

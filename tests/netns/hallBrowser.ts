/**
 * Debian's Chromium running inside a hall host: Playwright starts a small wrapper script as the
 * browser's executable, which enters the hall's namespace (`ip netns exec`) and runs Chromium there.
 * Playwright talks to it over pipes, so the browser's only network is the hall's.
 *
 * Trust: for an HTTPS server the browser gets the SPKI hashes of the server's certificates
 * (`--ignore-certificate-errors-spki-list`), so a certificate that is not the one the server made still
 * fails; plain HTTP off localhost needs the origin marked secure for the camera to be offered.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from '../support/chromiumArgs';
import type { HallName, Topology } from './topology';

/** base64 sha256 of a PEM certificate's public key (SubjectPublicKeyInfo), as Chromium's SPKI list wants it. */
export function spkiHash(pemFile: string): string {
  const spki = new X509Certificate(readFileSync(pemFile)).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

export interface TrustOptions {
  /** The server's origin. */
  origin: URL;
  /** PEM certificates whose keys the browser accepts for HTTPS (the server's and its CA's). */
  pinnedCertificates?: string[];
}

/** The flags that make the browser accept the server: pinned keys for HTTPS, a secure origin for HTTP. */
export function trustArgs({ origin, pinnedCertificates = [] }: TrustOptions): string[] {
  if (origin.protocol === 'https:') {
    if (pinnedCertificates.length === 0) throw new Error('an HTTPS server needs its certificates pinned');
    return [`--ignore-certificate-errors-spki-list=${pinnedCertificates.map(spkiHash).join(',')}`];
  }
  // Temporary, for a server without TLS: camera and microphone need a secure context.
  return [`--unsafely-treat-insecure-origin-as-secure=${origin.origin}`];
}

/** Launches Chromium inside `hall` with `args` (the tests' flags by default). Closing the browser removes the wrapper. */
export async function launchInHall(topology: Topology, hall: HallName, extraArgs: string[] = [], args: readonly string[] = chromiumArgs): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), `vwindow-${hall}-`));
  const wrapper = join(dir, 'chromium');
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec '${topology.ns(hall)}' '${CHROMIUM}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  try {
    const browser = await chromium.launch({ executablePath: wrapper, args: [...args, ...extraArgs] });
    browser.on('disconnected', () => rmSync(dir, { recursive: true, force: true }));
    return browser;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

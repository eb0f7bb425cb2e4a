/**
 * Which host names and addresses the product's own server certificate covers, and whether a listen
 * address is loopback (plain HTTP is enough there: localhost is a secure context for browsers).
 */
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '0:0:0:0:0:0:0:0';
}

/** This machine's (or network namespace's) own addresses, loopback ones left out. */
export function interfaceAddresses(): string[] {
  const addresses: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) {
      if (entry.internal || (entry.family === 'IPv6' && entry.scopeid !== undefined && entry.scopeid !== 0)) continue;
      addresses.push(entry.address);
    }
  }
  return addresses;
}

export interface CertificateNameInput {
  host: string;
  /** VWINDOW_TLS_NAMES. */
  extraNames: readonly string[];
  /** VWINDOW_RTC_ANNOUNCED_ADDRESS, when set: the address halls already know the server by. */
  announcedAddress?: string | undefined;
  /** The machine's addresses, used when the server listens on every address. */
  interfaceAddresses: readonly string[];
}

/** Sorted, without duplicates: localhost and 127.0.0.1 always, then the configured names and addresses. */
export function certificateNames(input: CertificateNameInput): string[] {
  const names = new Set<string>(['localhost', '127.0.0.1']);
  for (const name of input.extraNames) if (!isWildcard(name)) names.add(name.toLowerCase());
  if (!isWildcard(input.host)) names.add(input.host.toLowerCase());
  else for (const address of input.interfaceAddresses) names.add(address.toLowerCase());
  if (input.announcedAddress) names.add(input.announcedAddress.toLowerCase());
  return [...names].sort();
}

/** The subjectAltName value openssl takes: `DNS:name,IP:address,…`. */
export function subjectAltName(names: readonly string[]): string {
  return names.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
}

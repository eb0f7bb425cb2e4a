/**
 * Where case webhooks may go. The full ID number leaves only over https: http:// is refused unless the
 * development setting allows it (VWINDOW_WEBHOOK_ALLOW_HTTP; the applicant is then sent masked). A URL
 * whose host is, or resolves to, a loopback, link-local, private, shared, multicast, unspecified or
 * reserved address (also as IPv4-mapped or IPv4-compatible IPv6) is refused unless the host or the
 * address is in VWINDOW_WEBHOOK_ALLOWLIST (the home jurisdiction's own systems). The same check runs
 * when the URL is saved and inside the connection's own DNS lookup at each delivery, so a name that
 * resolves elsewhere later (DNS rebinding) is refused then.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { AppError } from '../errors';

/** Ranges no webhook goes to unless allowlisted (IANA special-purpose registries). */
const blockedRanges: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'], // this network, unspecified
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'], // shared address space (carrier NAT)
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'], // link-local, cloud metadata
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, broadcast
  ['::', 96, 'ipv6'], // unspecified, loopback, IPv4-compatible
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['fec0::', 10, 'ipv6'], // site-local (deprecated)
  ['ff00::', 8, 'ipv6'], // multicast
];
// IPv4-mapped addresses (::ffff:127.0.0.1) are checked against the IPv4 ranges by BlockList itself.

const cidr = /^(.+)\/(\d{1,3})$/;
const hostName = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i;

/** An allowlist entry: a host name, an IP address, or a CIDR range. */
export function isAllowlistEntry(entry: string): boolean {
  const range = cidr.exec(entry);
  if (range) {
    const family = isIP(range[1]!);
    return family !== 0 && Number(range[2]) <= (family === 4 ? 32 : 128);
  }
  return isIP(entry) !== 0 || hostName.test(entry);
}

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');
const bare = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();

export interface WebhookTargetsOptions {
  /** Accept http:// (development). Default false. */
  allowHttp?: boolean;
  /** Host names, addresses and CIDR ranges allowed although blocked. */
  allowlist?: readonly string[];
}

export class WebhookTargets {
  readonly #allowHttp: boolean;
  readonly #blocked = new BlockList();
  readonly #allowedAddresses = new BlockList();
  readonly #allowedHosts = new Set<string>();

  constructor(options: WebhookTargetsOptions = {}) {
    this.#allowHttp = options.allowHttp ?? false;
    for (const [network, prefix, family] of blockedRanges) this.#blocked.addSubnet(network, prefix, family);
    for (const entry of options.allowlist ?? []) {
      const range = cidr.exec(entry);
      if (range) this.#allowedAddresses.addSubnet(range[1]!, Number(range[2]), familyOf(range[1]!));
      else if (isIP(entry)) this.#allowedAddresses.addAddress(entry, familyOf(entry));
      else this.#allowedHosts.add(bare(entry));
    }
  }

  /** Checks a URL as it is saved: its scheme, and every address its host resolves to now. */
  async check(url: string): Promise<void> {
    const parsed = this.#parse(url);
    const host = bare(parsed.hostname);
    if (this.#allowedHosts.has(host)) return;
    if (isIP(host)) {
      this.#checkAddress(host, host);
      return;
    }
    const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
      dnsLookup(host, { all: true }, (error, found) => (error ? reject(new AppError('WEBHOOK_HOST_UNRESOLVED', { host })) : resolve(found))),
    );
    for (const { address } of addresses) this.#checkAddress(host, address);
  }

  /**
   * The connection's options for one delivery to `url` (http.request / https.request): an IP literal
   * is checked here; a host name in the lookup that the connection itself uses, so that the address
   * checked is the address connected to. Throws (AppError) when refused.
   */
  connectionFor(url: string): { url: URL; lookup: LookupFunction | undefined } {
    const parsed = this.#parse(url);
    const host = bare(parsed.hostname);
    if (this.#allowedHosts.has(host)) return { url: parsed, lookup: undefined };
    if (isIP(host)) {
      this.#checkAddress(host, host);
      return { url: parsed, lookup: undefined };
    }
    const lookup: LookupFunction = (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
        if (error) return callback(error, '', 4);
        try {
          for (const { address } of addresses) this.#checkAddress(host, address);
        } catch (refusal) {
          return callback(refusal as Error, '', 4);
        }
        if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        const first = addresses[0]!;
        callback(null, first.address, first.family);
      });
    };
    return { url: parsed, lookup };
  }

  #parse(url: string): URL {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:') return parsed;
    if (parsed.protocol === 'http:' && this.#allowHttp) return parsed;
    throw new AppError('WEBHOOK_HTTP_REFUSED');
  }

  #checkAddress(host: string, address: string): void {
    const family = familyOf(address);
    if (this.#blocked.check(address, family) && !this.#allowedAddresses.check(address, family)) {
      throw new AppError('WEBHOOK_ADDRESS_REFUSED', { host, address });
    }
  }
}

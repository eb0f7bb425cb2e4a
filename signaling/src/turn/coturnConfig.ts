/**
 * The embedded coturn's configuration file: time-limited credentials only (use-auth-secret), TLS 1.2+
 * from the server's certificate, no CLI, and relaying to nothing but the SFU: every peer address is
 * denied except the mediasoup WebRtcServers' listen and announced addresses.
 */
import { isIP } from 'node:net';

export interface CoturnConfigInput {
  listenIp: string;
  tlsPort: number;
  /** 0: no plain (UDP/TCP) listener. */
  plainPort: number;
  secret: string;
  /** Certificate and key files for turns:; null: no TLS listener. */
  tls: { certFile: string; keyFile: string } | null;
  /** The only addresses relayed to: the SFU's listen and announced IPs. */
  allowedPeers: readonly string[];
  /** Files coturn writes: its user database (unused with use-auth-secret, but it opens one) and pid. */
  dbFile: string;
  pidFile: string;
  realm: string;
}

const isWildcard = (ip: string) => ip === '0.0.0.0' || ip === '::';
const isLoopbackIp = (ip: string) => ip === '::1' || (isIP(ip) === 4 && ip.startsWith('127.'));

export function coturnConfig(input: CoturnConfigInput): string {
  const lines = [
    '# Written by the virtual window server at each start; edits are overwritten.',
    // On a wildcard address coturn listens on, and relays from, every address of the machine.
    ...(isWildcard(input.listenIp) ? [] : [`listening-ip=${input.listenIp}`, `relay-ip=${input.listenIp}`]),
    ...(input.plainPort > 0 ? [`listening-port=${input.plainPort}`] : ['no-udp', 'no-tcp']),
    ...(input.tls
      ? [`tls-listening-port=${input.tlsPort}`, `cert=${input.tls.certFile}`, `pkey=${input.tls.keyFile}`, 'no-dtls', 'no-tlsv1', 'no-tlsv1_1']
      : ['no-tls', 'no-dtls']),
    'use-auth-secret',
    `static-auth-secret=${input.secret}`,
    `realm=${input.realm}`,
    'fingerprint',
    'no-cli',
    'no-multicast-peers',
    'no-software-attribute',
    'no-rfc5780',
    'no-stun-backward-compatibility',
    'stale-nonce=600',
    'user-quota=12',
    'total-quota=1200',
    // Relay to the SFU only: deny every address, then allow its own.
    'denied-peer-ip=0.0.0.0-255.255.255.255',
    'denied-peer-ip=::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ...input.allowedPeers.map((ip) => `allowed-peer-ip=${ip}`),
    ...(input.allowedPeers.some(isLoopbackIp) ? ['allow-loopback-peers'] : []),
    `userdb=${input.dbFile}`,
    `pidfile=${input.pidFile}`,
    'log-file=stdout',
    'simple-log',
    '',
  ];
  return lines.join('\n');
}

/**
 * TURN for the server: none, an existing TURN server (VWINDOW_TURN_URLS + VWINDOW_TURN_SECRET), or the
 * embedded coturn (VWINDOW_TURN=embedded) with TLS from the port's certificate. Gives each browser's
 * transports iceServers with credentials that end with its sign-in.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { IceServer } from '../protocol';
import { interfaceAddresses } from '../tls/certificateNames';
import type { ServerTls } from '../tls/serverTls';
import { iceServersFor, MIN_TURN_SECRET_LENGTH } from './turnCredentials';
import { TurnServer } from './TurnServer';
import { StartupError } from '../startupError';

export interface TurnRelay {
  readonly mode: Config['turn']['mode'];
  /** The URLs browsers are given (empty without TURN). */
  readonly urls: readonly string[];
  /** The embedded coturn, when there is one. */
  readonly server: TurnServer | null;
  iceServers(staffId: number, signInExpiresAt: Date): IceServer[];
  /** Stops the embedded coturn; safe to call twice. */
  close(): Promise<void>;
}

/** The embedded TURN's shared secret, made once in the data directory with mode 0600. */
function loadTurnSecret(dataDir: string): string {
  const file = join(dataDir, 'turn-secret.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(33).toString('base64'), { mode: 0o600, flag: 'wx' });
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_TURN_SECRET_LENGTH) throw new Error(`${file} holds no usable TURN secret; delete it to have a new one made`);
  return secret;
}

const hostPart = (address: string) => (isIP(address) === 6 ? `[${address}]` : address);

/** The addresses the embedded coturn may relay to: the SFU's listen and announced IPs. */
export function sfuPeerAddresses(rtc: Config['rtc']): string[] {
  const addresses = new Set<string>();
  const wildcard = rtc.listenIp === '0.0.0.0' || rtc.listenIp === '::';
  if (!wildcard) addresses.add(rtc.listenIp);
  else for (const address of interfaceAddresses()) addresses.add(address);
  if (rtc.announcedAddress && isIP(rtc.announcedAddress)) addresses.add(rtc.announcedAddress);
  return [...addresses];
}

export async function startTurnRelay(config: Config, tls: ServerTls, logger: Logger): Promise<TurnRelay> {
  const turn = config.turn;
  if (turn.mode === 'off') return { mode: 'off', urls: [], server: null, iceServers: () => [], close: async () => {} };
  if (turn.mode === 'external') {
    const source = { urls: turn.urls, secret: turn.secret };
    return { mode: 'external', urls: turn.urls, server: null, iceServers: (id, until) => iceServersFor(source, id, until), close: async () => {} };
  }
  const secret = turn.secret ?? loadTurnSecret(config.dataDir);
  const withTls = tls.mode !== 'plain';
  if (!withTls && turn.plainPort === 0) {
    throw new StartupError('VWINDOW_TURN_PLAIN_PORT', 'is 0 and the port speaks plain HTTP, so the embedded TURN server would have no listener (turns: needs HTTPS on the port)');
  }
  if (!withTls) logger.warn('embedded TURN without HTTPS on the port: no turns: (TLS) listener, plain TURN only');
  const host = hostPart(turn.address);
  const urls =
    turn.urls ??
    [
      ...(withTls ? [`turns:${host}:${turn.tlsPort}?transport=tcp`] : []),
      ...(turn.plainPort > 0 ? [`turn:${host}:${turn.plainPort}?transport=udp`, `turn:${host}:${turn.plainPort}?transport=tcp`] : []),
    ];
  const server = await TurnServer.create({
    dir: join(config.dataDir, 'turn'),
    logger,
    listenIp: turn.listenIp,
    tlsPort: turn.tlsPort,
    plainPort: turn.plainPort,
    secret,
    tls: withTls ? { certFile: tls.certFile, keyFile: tls.keyFile } : null,
    allowedPeers: sfuPeerAddresses(config.rtc),
    realm: 'vwindow',
  });
  const source = { urls, secret };
  return { mode: 'embedded', urls, server, iceServers: (id, until) => iceServersFor(source, id, until), close: () => server.close() };
}

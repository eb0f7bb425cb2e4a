/**
 * Configuration from environment variables, each with a default that runs on one machine.
 * Validated once at start; every bad value gets its own plain message.
 */
import { availableParallelism } from 'node:os';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { maskDatabaseUrl } from '@vwindow/db/postgres';
import { isAllowlistEntry } from './cases/webhookTargets';
import { parsePortRange, type PortRange } from './recording/recorderPorts';
import { MIN_TURN_SECRET_LENGTH } from './turn/turnCredentials';

const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: `must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(z.number().int().min(min, { message: `must be at least ${min}` }).max(max, { message: `must be at most ${max}` }));

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const ip = z.string().trim().refine((v) => isIP(v) !== 0, { message: 'must be an IPv4 or IPv6 address' });

const hostOrIp = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9.:-]+$/, { message: 'must be an IP address or a host name' });

const nameList = z
  .string()
  .trim()
  .transform((v) => v.split(/[\s,]+/).filter((n) => n !== ''))
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9.:*-]+$/, { message: 'must be host names or IP addresses separated by commas' })));

/** Host names, addresses and CIDR ranges (10.1.2.0/24, fd00::/8), comma-separated. */
const addressList = z
  .string()
  .trim()
  .transform((v) => v.split(/[\s,]+/).filter((n) => n !== ''))
  .pipe(z.array(z.string().refine(isAllowlistEntry, { message: 'must be host names, IP addresses or CIDR ranges (10.1.2.0/24) separated by commas' })));

const turnUrlList = z
  .string()
  .trim()
  .transform((v) => v.split(/[\s,]+/).filter((n) => n !== ''))
  .pipe(z.array(z.string().regex(/^turns?:[A-Za-z0-9.:[\]-]+(\?transport=(udp|tcp))?$/, { message: 'must be turn: or turns: URLs (turn:host:port?transport=udp) separated by commas' })));

const portRange = z
  .string()
  .trim()
  .transform((v) => parsePortRange(v))
  .pipe(z.object({ min: z.number(), max: z.number() }, { message: 'must be a port range like 47000-47999 (ports 1024 to 65535)' }));

/** Why a VWINDOW_DATABASE_URL is not a PostgreSQL URL, or null when it is one. */
function databaseUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return 'not postgres://';
  return url.hostname === '' ? 'no host' : null;
}

/** Each variable: its name, its meaning (for the README) and its default. */
export const configVariables = {
  VWINDOW_HOST: { schema: hostOrIp, default: '127.0.0.1', doc: 'Address the HTTP/WebSocket server listens on.' },
  VWINDOW_PORT: { schema: int(0, 65535), default: '3000', doc: 'HTTP and WebSocket port (0 picks a free one).' },
  VWINDOW_DATA_DIR: { schema: z.string().trim().min(1, { message: 'must not be empty' }), default: 'data', doc: 'Directory for the SQLite file and captured documents.' },
  VWINDOW_DATABASE_URL: {
    schema: z
      .string()
      .trim()
      .refine((v) => databaseUrlProblem(v) === null, { message: 'must be a postgres:// or postgresql:// URL with a host, e.g. postgres://vwindow:secret@db.example:5432/vwindow' })
      .optional(),
    default: undefined,
    doc: 'PostgreSQL shared by every node (postgres://user:password@host:5432/db); without it, the SQLite file in the data directory.',
  },
  VWINDOW_DATABASE_CONNECTIONS: { schema: int(2, 200), default: '10', doc: "Most connections this node opens to PostgreSQL (its pool; live events use 3 more). The nodes' sum must stay under the server's max_connections." },
  VWINDOW_DATABASE_WAIT_SECONDS: {
    schema: int(1, 120),
    default: '10',
    doc: 'How long a request waits for one of those connections (all busy, or PostgreSQL not answering: a restart, a failover) before it is answered 503 服务暂不可用, try again.',
  },
  VWINDOW_SEED: { schema: z.enum(['demo', 'none'], { message: 'must be demo or none' }), default: 'demo', doc: 'Seed the demo catalog and accounts into an empty database.' },
  VWINDOW_WORKERS: { schema: int(1, 64), default: String(availableParallelism()), doc: 'Number of mediasoup workers (default: one per core).' },
  VWINDOW_RTC_LISTEN_IP: { schema: ip, default: '127.0.0.1', doc: 'IP the mediasoup WebRtcServers listen on.' },
  VWINDOW_RTC_ANNOUNCED_ADDRESS: { schema: hostOrIp.optional(), default: undefined, doc: 'Address announced to browsers in ICE candidates (default: the listen IP).' },
  VWINDOW_RTC_PORT_BASE: { schema: int(1024, 65535), default: '40000', doc: 'First RTC port; worker n uses this port + n for both UDP and TCP.' },
  VWINDOW_SIGN_IN_HOURS: { schema: int(1, 24 * 30), default: '12', doc: 'How long a sign-in lasts.' },
  VWINDOW_LOCKOUT_ATTEMPTS: { schema: int(1, 100), default: '5', doc: 'Wrong passwords for one username from one address before that address must wait (other addresses are not affected).' },
  VWINDOW_LOCKOUT_MINUTES: { schema: int(1, 24 * 60), default: '15', doc: 'How long that address waits.' },
  VWINDOW_COOKIE_SECURE: { schema: bool, default: 'false', doc: 'Mark the sign-in cookie Secure (set true behind HTTPS).' },
  VWINDOW_UPLOAD_LIMIT_MB: { schema: int(1, 1024), default: '20', doc: 'Largest capture upload, in MB.' },
  VWINDOW_RATING_DAYS: { schema: int(1, 90), default: '7', doc: 'Days a rating link stays open; unrated sessions are then recorded as 基本满意.' },
  VWINDOW_FOLLOW_UP_DAYS: { schema: int(1, 60), default: '5', doc: 'Working days to close the follow-up of a bad rating.' },
  VWINDOW_ABANDON_WAITING_SECONDS: { schema: int(1, 24 * 3600), default: '120', doc: 'A waiting session whose local window has been gone this long leaves the queue (已放弃).' },
  VWINDOW_ABANDON_ACTIVE_SECONDS: { schema: int(1, 24 * 3600), default: '300', doc: 'An active session with neither clerk connected this long is ended (已放弃).' },
  VWINDOW_WEBHOOK_ALLOW_HTTP: { schema: bool, default: 'false', doc: 'Development only: accept plain http:// webhook URLs (the applicant is then sent masked; the full ID number goes over https only).' },
  VWINDOW_WEBHOOK_ALLOWLIST: { schema: addressList, default: '', doc: 'Webhook hosts and CIDR ranges, comma-separated (e.g. 10.1.2.0/24,cases.home.gov.cn), allowed although they are loopback, link-local, private, multicast or unspecified addresses; every other webhook resolving to such an address is refused.' },
  VWINDOW_TLS: { schema: z.enum(['auto', 'local', 'off'], { message: 'must be auto, local or off' }), default: 'auto', doc: 'auto: HTTPS with VWINDOW_TLS_CERT, else the local CA beyond loopback, plain HTTP on loopback; local: the local CA even on loopback; off: plain HTTP (behind a proxy that does TLS).' },
  VWINDOW_TLS_CERT: { schema: z.string().trim().optional(), default: undefined, doc: 'PEM certificate (with its chain) for HTTPS and WSS on the port; needs VWINDOW_TLS_KEY.' },
  VWINDOW_TLS_KEY: { schema: z.string().trim().optional(), default: undefined, doc: 'PEM private key of VWINDOW_TLS_CERT.' },
  VWINDOW_TLS_NAMES: { schema: nameList, default: '', doc: 'Extra host names and addresses, comma-separated, in the certificate made by the local CA.' },
  VWINDOW_TURN: { schema: z.enum(['off', 'embedded'], { message: 'must be off or embedded' }), default: 'off', doc: 'embedded: run and supervise coturn (turnserver) for halls that reach only TCP 443; off: no TURN, or the one named by VWINDOW_TURN_URLS.' },
  VWINDOW_TURN_URLS: { schema: turnUrlList, default: '', doc: 'TURN URLs browsers are given, comma-separated (turn:host:port?transport=udp, turns:host:443?transport=tcp): an existing TURN server (with VWINDOW_TURN_SECRET), or, with embedded, instead of the URLs made from the address and ports.' },
  VWINDOW_TURN_SECRET: { schema: z.string().trim().optional(), default: undefined, doc: "The TURN server's shared secret (coturn static-auth-secret), at least 32 characters; embedded makes and keeps one in the data directory when unset." },
  VWINDOW_TURN_LISTEN_IP: { schema: ip.optional(), default: undefined, doc: 'IP the embedded TURN server listens and relays on (default: VWINDOW_RTC_LISTEN_IP).' },
  VWINDOW_TURN_ADDRESS: { schema: hostOrIp.optional(), default: undefined, doc: 'Host name or address browsers reach the embedded TURN server at (default: its listen IP, or the announced address when it listens on every address); it is put in the local certificate.' },
  VWINDOW_TURN_PORT: { schema: int(1, 65535), default: '5349', doc: 'TCP port of the embedded TURN server over TLS (turns:), e.g. 443 on an address of its own.' },
  VWINDOW_TURN_PLAIN_PORT: { schema: int(0, 65535), default: '3478', doc: 'UDP and TCP port of the embedded TURN server without TLS (turn:); 0: none.' },
  VWINDOW_RECORDING: { schema: z.enum(['on', 'off'], { message: 'must be on or off' }), default: 'on', doc: 'on: every active session is recorded on the server (FFmpeg, WebM segments under <data dir>/recordings); off: nothing is recorded.' },
  VWINDOW_RECORDER_PORTS: { schema: portRange, default: '56000-56999', doc: 'UDP port range (loopback) for the recorders, three ports per recorded track; must not overlap the RTC ports.' },
  VWINDOW_RECORDING_SEGMENT_SECONDS: { schema: int(2, 600), default: '10', doc: 'Length of one recording segment (each is hashed into the audit chain when finished).' },
  VWINDOW_NODE_ID: { schema: z.string().trim().regex(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'must be 1 to 100 letters, digits, dots, dashes, underscores or colons' }).optional(), default: undefined, doc: "This server process's name among the nodes sharing one database (default: the host name and port, e.g. hall-1:3000)." },
  VWINDOW_CLUSTER_URL: { schema: z.string().trim().pipe(z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })).optional(), default: undefined, doc: "The load balancer's URL in front of all nodes, the same on every node: pages served there may open any node's signaling (the room's node)." },
  VWINDOW_PUBLIC_URL: { schema: z.string().trim().pipe(z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })).optional(), default: undefined, doc: "The base URL browsers reach this node's pages and signaling at (default: its own address and port); other nodes send clerks here for the rooms it holds." },
  VWINDOW_LOG_LEVEL: { schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'must be one of fatal, error, warn, info, debug, trace, silent' }), default: 'info', doc: 'Log level (pino).' },
  VWINDOW_WEB_BUILD_DIR: { schema: z.string().trim().min(1), default: 'build', doc: 'Directory of the built SvelteKit app (adapter-node output).' },
} as const;

type Vars = typeof configVariables;
type Parsed = { [K in keyof Vars]: z.output<Vars[K]['schema']> };

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseFile: string;
  /** PostgreSQL's URL when the store is PostgreSQL (VWINDOW_DATABASE_URL); undefined: the SQLite file. Never log it: maskDatabaseUrl. */
  databaseUrl: string | undefined;
  /** The most connections of this node's PostgreSQL pool (VWINDOW_DATABASE_CONNECTIONS). */
  databaseConnections: number;
  /** How long a request waits for a pooled PostgreSQL connection, in ms (VWINDOW_DATABASE_WAIT_SECONDS). */
  databaseWaitMs: number;
  seed: 'demo' | 'none';
  workers: number;
  rtc: { listenIp: string; announcedAddress: string | undefined; portBase: number };
  signIn: { hours: number; lockoutAttempts: number; lockoutMinutes: number; cookieSecure: boolean };
  uploadLimitMb: number;
  ratingDays: number;
  followUpDays: number;
  /** When sessions nobody is at are given up (sessions/sessionPresence.ts). */
  abandon: { waitingSeconds: number; activeSeconds: number };
  /** Where case webhooks may go (cases/webhookTargets.ts). */
  webhooks: { allowHttp: boolean; allowlist: string[] };
  /** HTTPS: a given certificate and key, or (beyond loopback) the local CA's, for these extra names. */
  tls: { mode: 'auto' | 'local' | 'off'; certFile: string | undefined; keyFile: string | undefined; names: string[] };
  turn: TurnConfig;
  /** Server-side recording (recording/RecordingService.ts). */
  recording: { enabled: boolean; ports: PortRange; segmentSeconds: number };
  logLevel: Parsed['VWINDOW_LOG_LEVEL'];
  webBuildDir: string;
  /** This node among those sharing the database (cluster/RoomPlacement.ts); undefined: from host name and port. */
  node: { id: string | undefined; publicUrl: string | undefined; clusterUrl: string | undefined };
}

/** TURN: none, an existing server, or coturn run by the server (see turn/TurnServer.ts). */
export type TurnConfig =
  | { mode: 'off' }
  | { mode: 'external'; urls: string[]; secret: string }
  | {
      mode: 'embedded';
      /** Given URLs, or undefined: made from `address` and the ports. */
      urls: string[] | undefined;
      /** Undefined: made once and kept in the data directory. */
      secret: string | undefined;
      listenIp: string;
      address: string;
      tlsPort: number;
      plainPort: number;
    };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration error:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and checks the configuration; throws ConfigError listing every bad value. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(configVariables) as [keyof Vars, Vars[keyof Vars]][]) {
    const raw = env[name] === undefined || env[name] === '' ? variable.default : env[name];
    if (raw === undefined) continue;
    const result = (variable.schema as z.ZodType).safeParse(raw);
    if (result.success) values[name] = result.data;
    // A database URL may carry a password: shown masked, never as given.
    else problems.push(`${name}=${JSON.stringify(name === 'VWINDOW_DATABASE_URL' ? maskDatabaseUrl(String(raw)) : raw)}: ${result.error.issues.map((i) => i.message).join('; ')}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const v = values as Parsed;
  if (v.VWINDOW_RTC_PORT_BASE + v.VWINDOW_WORKERS - 1 > 65535) {
    throw new ConfigError([
      `VWINDOW_RTC_PORT_BASE=${v.VWINDOW_RTC_PORT_BASE} with VWINDOW_WORKERS=${v.VWINDOW_WORKERS}: the last worker's port would pass 65535`,
    ]);
  }
  if (v.VWINDOW_TLS !== 'auto' && v.VWINDOW_TLS_CERT !== undefined) {
    throw new ConfigError([`VWINDOW_TLS=${v.VWINDOW_TLS} with VWINDOW_TLS_CERT: a given certificate needs VWINDOW_TLS=auto (the default)`]);
  }
  if ((v.VWINDOW_TLS_CERT === undefined) !== (v.VWINDOW_TLS_KEY === undefined)) {
    throw new ConfigError([
      v.VWINDOW_TLS_CERT === undefined
        ? 'VWINDOW_TLS_KEY is set but VWINDOW_TLS_CERT is not: give both files, or neither'
        : 'VWINDOW_TLS_CERT is set but VWINDOW_TLS_KEY is not: give both files, or neither',
    ]);
  }
  const rtcLast = v.VWINDOW_RTC_PORT_BASE + v.VWINDOW_WORKERS - 1;
  if (v.VWINDOW_RECORDER_PORTS.min <= rtcLast && v.VWINDOW_RECORDER_PORTS.max >= v.VWINDOW_RTC_PORT_BASE) {
    throw new ConfigError([
      `VWINDOW_RECORDER_PORTS=${v.VWINDOW_RECORDER_PORTS.min}-${v.VWINDOW_RECORDER_PORTS.max} overlaps the RTC ports ${v.VWINDOW_RTC_PORT_BASE}-${rtcLast}: give the recorders a range of their own`,
    ]);
  }
  const turn = turnConfig(v);
  const dataDir = resolve(v.VWINDOW_DATA_DIR);
  return {
    host: v.VWINDOW_HOST,
    port: v.VWINDOW_PORT,
    dataDir,
    databaseFile: resolve(dataDir, 'virtual-window.sqlite'),
    databaseUrl: v.VWINDOW_DATABASE_URL,
    databaseConnections: v.VWINDOW_DATABASE_CONNECTIONS,
    databaseWaitMs: v.VWINDOW_DATABASE_WAIT_SECONDS * 1000,
    seed: v.VWINDOW_SEED,
    workers: v.VWINDOW_WORKERS,
    rtc: {
      listenIp: v.VWINDOW_RTC_LISTEN_IP,
      announcedAddress: v.VWINDOW_RTC_ANNOUNCED_ADDRESS,
      portBase: v.VWINDOW_RTC_PORT_BASE,
    },
    signIn: {
      hours: v.VWINDOW_SIGN_IN_HOURS,
      lockoutAttempts: v.VWINDOW_LOCKOUT_ATTEMPTS,
      lockoutMinutes: v.VWINDOW_LOCKOUT_MINUTES,
      cookieSecure: v.VWINDOW_COOKIE_SECURE,
    },
    uploadLimitMb: v.VWINDOW_UPLOAD_LIMIT_MB,
    ratingDays: v.VWINDOW_RATING_DAYS,
    followUpDays: v.VWINDOW_FOLLOW_UP_DAYS,
    abandon: { waitingSeconds: v.VWINDOW_ABANDON_WAITING_SECONDS, activeSeconds: v.VWINDOW_ABANDON_ACTIVE_SECONDS },
    webhooks: { allowHttp: v.VWINDOW_WEBHOOK_ALLOW_HTTP, allowlist: v.VWINDOW_WEBHOOK_ALLOWLIST },
    tls: {
      mode: v.VWINDOW_TLS,
      certFile: v.VWINDOW_TLS_CERT === undefined ? undefined : resolve(v.VWINDOW_TLS_CERT),
      keyFile: v.VWINDOW_TLS_KEY === undefined ? undefined : resolve(v.VWINDOW_TLS_KEY),
      names: v.VWINDOW_TLS_NAMES,
    },
    turn,
    recording: { enabled: v.VWINDOW_RECORDING === 'on', ports: v.VWINDOW_RECORDER_PORTS, segmentSeconds: v.VWINDOW_RECORDING_SEGMENT_SECONDS },
    logLevel: v.VWINDOW_LOG_LEVEL,
    webBuildDir: resolve(v.VWINDOW_WEB_BUILD_DIR),
    node: { id: v.VWINDOW_NODE_ID, publicUrl: v.VWINDOW_PUBLIC_URL?.replace(/\/+$/, ''), clusterUrl: v.VWINDOW_CLUSTER_URL?.replace(/\/+$/, '') },
  };
}

function turnConfig(v: Parsed): TurnConfig {
  const secret = v.VWINDOW_TURN_SECRET;
  if (secret !== undefined && secret.length < MIN_TURN_SECRET_LENGTH) {
    throw new ConfigError([`VWINDOW_TURN_SECRET is ${secret.length} characters long: it must have at least ${MIN_TURN_SECRET_LENGTH} (e.g. openssl rand -base64 33)`]);
  }
  if (v.VWINDOW_TURN === 'embedded') {
    const listenIp = v.VWINDOW_TURN_LISTEN_IP ?? v.VWINDOW_RTC_LISTEN_IP;
    const wildcard = listenIp === '0.0.0.0' || listenIp === '::';
    const address = v.VWINDOW_TURN_ADDRESS ?? (wildcard ? (v.VWINDOW_RTC_ANNOUNCED_ADDRESS ?? v.VWINDOW_HOST) : listenIp);
    if (address === '0.0.0.0' || address === '::') {
      throw new ConfigError(['VWINDOW_TURN=embedded listens on every address: set VWINDOW_TURN_ADDRESS (or VWINDOW_RTC_ANNOUNCED_ADDRESS) to the address halls reach it at']);
    }
    if (v.VWINDOW_TURN_PLAIN_PORT === v.VWINDOW_TURN_PORT) {
      throw new ConfigError([`VWINDOW_TURN_PLAIN_PORT=${v.VWINDOW_TURN_PLAIN_PORT} is VWINDOW_TURN_PORT too: the TLS and the plain port must differ`]);
    }
    return {
      mode: 'embedded',
      urls: v.VWINDOW_TURN_URLS.length > 0 ? v.VWINDOW_TURN_URLS : undefined,
      secret,
      listenIp,
      address,
      tlsPort: v.VWINDOW_TURN_PORT,
      plainPort: v.VWINDOW_TURN_PLAIN_PORT,
    };
  }
  if (v.VWINDOW_TURN_URLS.length > 0) {
    if (secret === undefined) throw new ConfigError(['VWINDOW_TURN_URLS is set but VWINDOW_TURN_SECRET is not: the TURN server\'s shared secret is needed to give browsers credentials']);
    return { mode: 'external', urls: v.VWINDOW_TURN_URLS, secret };
  }
  if (secret !== undefined) throw new ConfigError(['VWINDOW_TURN_SECRET is set but there is no TURN server: set VWINDOW_TURN=embedded or VWINDOW_TURN_URLS']);
  return { mode: 'off' };
}

/**
 * The embedded TURN server: Debian's real coturn on 127.0.0.1, credentials derived from the shared
 * secret accepted over UDP, TCP and TLS, wrong and expired ones refused, relaying only to the SFU's
 * address, restarted when killed; start-up refusals naming the variable.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../signaling/src/logger';
import { StartupError } from '../../signaling/src/startupError';
import { ensureLocalCertificate, type LocalCertificate } from '../../signaling/src/tls/LocalCertificateAuthority';
import { turnCredential } from '../../signaling/src/turn/turnCredentials';
import { TurnServer } from '../../signaling/src/turn/TurnServer';
import type { TransportInfo } from '../../signaling/src/protocol';
import { TestSignalingClient } from '../support/signalingClient';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';
import { TURN_ATTRIBUTES, TurnConnection, type TurnTransport } from '../support/turnClient';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const HOUR = 3_600_000;

/** A port free for both TCP and UDP on 127.0.0.1. */
async function freePort(): Promise<number> {
  for (;;) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const udp = createSocket('udp4');
    const free = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    udp.close();
    if (free) return port;
  }
}

describe('embedded TURN (coturn)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vwindow-turn-'));
  let certificate: LocalCertificate;
  let turn: TurnServer;
  let tlsPort: number;
  let plainPort: number;

  const transports = (): TurnTransport[] => [
    { kind: 'udp', host: '127.0.0.1', port: plainPort },
    { kind: 'tcp', host: '127.0.0.1', port: plainPort },
    { kind: 'tls', host: '127.0.0.1', port: tlsPort, ca: readFileSync(certificate.caFile, 'utf8') },
  ];
  const allocate = allocateWith;

  beforeAll(async () => {
    certificate = await ensureLocalCertificate({ dir: join(dir, 'tls'), names: ['127.0.0.1', 'localhost'] });
    tlsPort = await freePort();
    plainPort = await freePort();
    turn = await TurnServer.create({
      dir: join(dir, 'turn'),
      logger: createLogger('silent'),
      listenIp: '127.0.0.1',
      tlsPort,
      plainPort,
      secret: SECRET,
      tls: { certFile: certificate.certFile, keyFile: certificate.keyFile },
      allowedPeers: ['127.0.0.1'],
      realm: 'vwindow',
      restartDelayMs: 100,
    });
  });
  afterAll(async () => {
    await turn?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes its own configuration, readable by the owner only, locked down to the SFU', () => {
    const file = join(dir, 'turn', 'turnserver.conf');
    expect(statSync(file).mode & 0o077).toBe(0);
    const config = readFileSync(file, 'utf8');
    for (const line of ['use-auth-secret', 'no-cli', 'no-multicast-peers', 'no-tlsv1', 'no-tlsv1_1', 'denied-peer-ip=0.0.0.0-255.255.255.255', 'allowed-peer-ip=127.0.0.1']) {
      expect(config.split('\n')).toContain(line);
    }
  });

  it('accepts credentials derived from the secret over UDP, TCP and TLS', async () => {
    const { username, credential } = turnCredential(SECRET, 7, new Date(Date.now() + HOUR));
    for (const transport of transports()) {
      const reply = await allocate(transport, username, credential);
      expect({ kind: transport.kind, ok: reply.ok, error: reply.errorCode }).toEqual({ kind: transport.kind, ok: true, error: undefined });
      expect(reply.attributes.has(TURN_ATTRIBUTES.XOR_RELAYED_ADDRESS)).toBe(true);
    }
  });

  it('refuses a wrong credential and an expired one', async () => {
    const good = turnCredential(SECRET, 7, new Date(Date.now() + HOUR));
    const wrong = await allocate(transports()[2]!, good.username, turnCredential(`${SECRET}x`, 7, new Date(Date.now() + HOUR)).credential);
    expect(wrong).toMatchObject({ ok: false, errorCode: 401 });
    const expired = turnCredential(SECRET, 7, new Date(Date.now() - 60_000));
    expect(await allocate(transports()[0]!, expired.username, expired.credential)).toMatchObject({ ok: false, errorCode: 401 });
  });

  it('relays to the SFU address only', async () => {
    const { username, credential } = turnCredential(SECRET, 7, new Date(Date.now() + HOUR));
    const connection = await TurnConnection.open(transports()[1]!);
    try {
      expect((await connection.allocate(username, credential)).ok).toBe(true);
      expect((await connection.createPermission('127.0.0.1')).ok).toBe(true);
      expect(await connection.createPermission('10.1.2.3')).toMatchObject({ ok: false, errorCode: 403 });
      expect(await connection.createPermission('8.8.8.8')).toMatchObject({ ok: false, errorCode: 403 });
    } finally {
      connection.close();
    }
  });

  it('restarts a turnserver that was killed', async () => {
    const before = turn.pid!;
    const restarted = once(turn, 'restarted');
    process.kill(before, 'SIGKILL');
    const [pid] = (await restarted) as [number];
    expect(pid).not.toBe(before);
    expect(turn.restarts).toBe(1);
    const { username, credential } = turnCredential(SECRET, 9, new Date(Date.now() + HOUR));
    let reply;
    for (let i = 0; i < 100; i++) {
      reply = await allocate(transports()[2]!, username, credential).catch(() => null);
      if (reply?.ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(reply?.ok).toBe(true);
  });

  it('refuses to start on a port in use, or without coturn, naming the variable', async () => {
    const options = {
      dir: join(dir, 'turn2'),
      logger: createLogger('silent'),
      listenIp: '127.0.0.1',
      secret: SECRET,
      tls: { certFile: certificate.certFile, keyFile: certificate.keyFile },
      allowedPeers: ['127.0.0.1'],
      realm: 'vwindow',
    };
    const inUse = await TurnServer.create({ ...options, tlsPort, plainPort: await freePort() }).catch((e: unknown) => e);
    expect(inUse).toBeInstanceOf(StartupError);
    expect((inUse as Error).message).toMatch(new RegExp(`^VWINDOW_TURN_PORT: TCP port ${tlsPort} on 127\\.0\\.0\\.1 is in use`));
    const missing = await TurnServer.create({ ...options, tlsPort: await freePort(), plainPort: await freePort(), binary: 'turnserver-not-installed' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(StartupError);
    expect((missing as Error).message).toMatch(/^VWINDOW_TURN: embedded TURN needs coturn's `turnserver-not-installed`, which is not installed \(apt-get install coturn\)/);
  });
});

describe('the server with VWINDOW_TURN=embedded', () => {
  let server: TestServer;
  let plainPort: number;

  beforeAll(async () => {
    plainPort = await freePort();
    server = await startTestServer({ VWINDOW_TURN: 'embedded', VWINDOW_TURN_PORT: String(await freePort()), VWINDOW_TURN_PLAIN_PORT: String(plainPort) });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('gives every transport iceServers whose credentials end with the sign-in and that coturn accepts', async () => {
    const signedInAt = Date.now();
    const cookie = await signInCookie(server, 'pinghu.home');
    const client = await TestSignalingClient.connect(server, cookie);
    try {
      const { routerRtpCapabilities } = (await client.request('media.capabilities', {})).data as { routerRtpCapabilities: unknown };
      const opened = (await client.request('standby.open', { rtpCapabilities: routerRtpCapabilities })).data as { joined: { transports: { send: TransportInfo; recv: TransportInfo } } };
      const { send, recv } = opened.joined.transports;
      expect(send.iceServers).toEqual(recv.iceServers);
      const [ice] = send.iceServers!;
      // Plain HTTP on loopback: no turns: listener, plain TURN on UDP and TCP.
      expect(ice!.urls).toEqual([`turn:127.0.0.1:${plainPort}?transport=udp`, `turn:127.0.0.1:${plainPort}?transport=tcp`]);
      const [expiry, staffId] = ice!.username.split(':').map(Number);
      expect(staffId).toBeGreaterThan(0);
      const signInEnds = signedInAt + 12 * HOUR;
      expect(Math.abs(expiry! * 1000 - signInEnds)).toBeLessThan(60_000);
      const secret = readFileSync(join(server.dataDir, 'turn-secret.key'), 'utf8').trim();
      expect(ice!.credential).toBe(turnCredential(secret, staffId!, new Date(expiry! * 1000)).credential);
      expect((await allocateWith({ kind: 'udp', host: '127.0.0.1', port: plainPort }, ice!.username, ice!.credential)).ok).toBe(true);
    } finally {
      client.close();
    }
  });

  it('stops coturn with the server', async () => {
    const pid = server.services.turn.server!.pid!;
    await server.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});

async function allocateWith(transport: TurnTransport, username: string, credential: string) {
  const connection = await TurnConnection.open(transport);
  try {
    return await connection.allocate(username, credential);
  } finally {
    connection.close();
  }
}

/**
 * The signaling WebSocket's edges against the real server: only the product's exact origin may open
 * it (refusals audited), a frame over 64 KiB closes the socket as its header arrives (nothing buffered),
 * and one peer cannot make more transports or producers than its limits, however fast it asks.
 */
import { once } from 'node:events';
import { connect } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { auditLog, matters } from '../support/tables';
import type { SessionView } from '../../signaling/src/protocol';
import { PEER_LIMITS } from '../../signaling/src/rooms/Peer';
import { call, citizenId } from '../support/sessionSteps';
import { TestSignalingClient } from '../support/signalingClient';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';

describe('signaling limits', () => {
  let server: TestServer;
  let local: string;
  let wsUrl: string;

  beforeAll(async () => {
    server = await startTestServer();
    local = await signInCookie(server, 'lianshui.local');
    wsUrl = `${server.url.replace('http', 'ws')}/ws`;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('opens only from the exact origin of the product, and audits each refusal', async () => {
    for (const origin of ['null', 'http://evil.example', server.url.replace('http:', 'https:'), `${server.url}.evil.example`]) {
      const socket = new WebSocket(wsUrl, { headers: { cookie: local, origin } });
      const [, response] = (await once(socket, 'unexpected-response')) as [unknown, { statusCode: number }];
      expect({ origin, status: response.statusCode }).toEqual({ origin, status: 403 });
    }
    const own = new WebSocket(wsUrl, { headers: { cookie: local, origin: server.url } });
    await once(own, 'open');
    own.close();
    const refused = (await server.services.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'access.refused'))
      .orderBy(auditLog.id))
      .filter((row) => (row.after as { reason: string }).reason === 'WS_ORIGIN_REFUSED');
    expect(refused.map((row) => (row.after as { origin: string }).origin)).toEqual([
      'null',
      'http://evil.example',
      server.url.replace('http:', 'https:'),
      `${server.url}.evil.example`,
    ]);
    expect(refused.every((row) => row.actorId !== null)).toBe(true);
  });

  it('closes the socket (1009) on a frame over 64 KiB as soon as its header arrives', async () => {
    const { port } = server;
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write(
      'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nCookie: ${local}\r\n\r\n`,
    );
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    for (let i = 0; i < 200 && !Buffer.concat(received).includes('\r\n\r\n'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(Buffer.concat(received).toString('latin1')).toMatch(/^HTTP\/1\.1 101/);
    received.length = 0;
    // A masked text frame announcing 100 MiB, and not one byte of it.
    const header = Buffer.alloc(14);
    header[0] = 0x81;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(100n * 1024n * 1024n, 2);
    socket.write(header);
    const closed = await Promise.race([once(socket, 'close').then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
    expect(closed).toBe(true);
    const frame = Buffer.concat(received);
    // A close frame (opcode 8) with status 1009, message too big.
    expect(frame[0]).toBe(0x88);
    expect(frame.readUInt16BE(2)).toBe(1009);
  });

  it('makes no more transports or producers for one peer than its limits', async () => {
    const matter = (await server.services.database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!;
    const started = await call<{ session: SessionView }>(server.url, local, 'POST', '/sessions', {
      citizenName: '陈先生',
      citizenIdNumber: citizenId(),
      citizenPhone: '13800138000',
      homeJurisdictionCode: '330482',
      matterId: matter.id,
    });
    const sessionId = started.body.session.id;
    const client = await TestSignalingClient.connect(server, local);
    expect(await client.request('session.join', { sessionId })).toMatchObject({ ok: true });

    const transports = await Promise.all(Array.from({ length: 12 }, () => client.request('transport.create', { sessionId, direction: 'send' })));
    const made = transports.filter((r) => r.ok);
    expect(made.length).toBe(PEER_LIMITS.transports);
    expect(transports.find((r) => !r.ok)).toMatchObject({ error: { code: 'MEDIA_LIMIT_REACHED', message: '本连接的媒体传输通道已达上限（4 个），请先关闭不用的再试。' } });
    const peer = server.services.rooms.room(sessionId)!.peers()[0]!;
    expect(peer.transports().length).toBe(PEER_LIMITS.transports);

    const transportId = (made[0]!.data as { id: string }).id;
    const producers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        client.request('producer.create', {
          sessionId,
          transportId,
          kind: 'video',
          source: 'camera',
          rtpParameters: { mid: String(i), codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc: 5000 + i }] },
        }),
      ),
    );
    // The messages of one connection are handled one after the other: each camera replaces the one
    // before it (one producer per source), so the peer never holds more than its limit.
    for (const r of producers) expect(r.ok || r.error?.code === 'MEDIA_LIMIT_REACHED').toBe(true);
    expect(peer.producers().length).toBeLessThanOrEqual(PEER_LIMITS.producers);
    client.close();
    await call(server.url, local, 'POST', `/sessions/${sessionId}/cancel`);
  });
});

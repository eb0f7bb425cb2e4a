/**
 * Sessions against the real server: start with validation, the live queue, the atomic accept race,
 * authorization across jurisdictions (written to the audit log), joining rooms, chat, end.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, matters, sessions } from '../support/tables';
import { idCheckDigit, type ChatMessage, type ErrorPayload, type QueueEntry, type SessionView } from '../../signaling/src/protocol';
import { TestSignalingClient } from '../support/signalingClient';
import { fromProductPage, signInCookie, startTestServer, type TestServer } from '../support/testServer';
import { recordingNoticePath } from '../support/recordingNotice';

/** Every field a response of ours may carry; each test reads the ones its call returns. */
interface ApiBody {
  session: SessionView;
  queue: QueueEntry[];
  messages: ChatMessage[];
  error: ErrorPayload;
}

const validId = (first17 = '33048219880315123') => first17 + idCheckDigit(first17);

/** Publishes a (silent) VP8 camera on `transportId`, as a browser's send transport would. */
const produceCamera = (client: TestSignalingClient, sessionId: string, transportId: string, ssrc: number) =>
  client.request('producer.create', {
    sessionId,
    transportId,
    kind: 'video',
    source: 'camera',
    rtpParameters: { mid: '0', codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc }] },
  });

describe('sessions', () => {
  let server: TestServer;
  let local: string;
  let home: string;
  let home2: string;
  let otherHome: string;
  let matterId: number;

  const api = async (cookie: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}/api${path}`, {
      method,
      headers: { ...fromProductPage(server.url, cookie), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as ApiBody };
  };
  /** Starts a session; a started one has its recording notice confirmed (as the local page does), so that it can be accepted. */
  const start = async (overrides: Record<string, unknown> = {}) => {
    const started = await api(local, 'POST', '/sessions', {
      citizenName: '陈先生',
      citizenIdNumber: validId(),
      citizenPhone: '13800138000',
      homeJurisdictionCode: '330482',
      matterId,
      ...overrides,
    });
    const id = (started.body as { session?: { id: string } }).session?.id;
    if (started.status === 201 && id) expect((await api(local, 'POST', recordingNoticePath(id).replace(/^\/api/, ''))).status).toBe(201);
    return started;
  };

  beforeAll(async () => {
    server = await startTestServer();
    [local, home, home2, otherHome] = await Promise.all([
      signInCookie(server, 'lianshui.local'),
      signInCookie(server, 'pinghu.home'),
      signInCookie(server, 'pinghu.home2'),
      signInCookie(server, 'huaibei.home'),
    ]);
    matterId = (await server.services.database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!.id;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('refuses a wrong ID check digit with a message naming it, and stores nothing', async () => {
    const id = validId();
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    const before = (await server.services.database.db.select().from(sessions)).length;
    const response = await start({ citizenIdNumber: wrong });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', fields: [{ path: 'citizenIdNumber' }] } });
    expect(JSON.stringify(response.body)).toContain(`校验位错误：第 18 位应为 ${id[17]}`);
    // 19 characters (a valid number and one more) are refused, not cut to 18.
    const longer = await start({ citizenIdNumber: `${id}7` });
    expect(longer.status).toBe(400);
    expect(longer.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', fields: [{ path: 'citizenIdNumber' }] } });
    expect((await start({ citizenPhone: '12345' })).status).toBe(400);
    expect((await start({ homeJurisdictionCode: '340600' })).body).toMatchObject({ error: { code: 'MATTER_NOT_IN_JURISDICTION' } });
    expect((await server.services.database.db.select().from(sessions)).length).toBe(before);
  });

  it('puts a new session in the home queue, live, masked, oldest first', async () => {
    const watcher = await TestSignalingClient.connect(server, home);
    await watcher.waitFor('queue.changed');
    const first = await start();
    expect(first.status).toBe(201);
    const session = first.body.session;
    expect(session).toMatchObject({ status: 'waiting', queuePosition: 1, citizen: { name: '陈**', idNumber: `330482********${validId().slice(-4)}` } });
    const pushed = (await watcher.waitFor('queue.changed', (d: { queue: { id: string }[] }) => d.queue.some((q) => q.id === session.id))) as {
      queue: { id: string; citizenIdNumber: string }[];
    };
    expect(pushed.queue.at(-1)?.citizenIdNumber).toMatch(/^330482\*{8}\d{3}[\dX]$/);
    const second = await start({ citizenName: '王女士' });
    expect(second.body.session.queuePosition).toBe(2);
    const queue = (await api(home, 'GET', '/queue')).body.queue;
    expect(queue.map((q) => q.id).slice(-2)).toEqual([session.id, second.body.session.id]);
    expect((await api(otherHome, 'GET', '/queue')).body.queue).toEqual([]);
    // Cancelling the first moves the second up, and its local clerk hears about it.
    const localWatcher = await TestSignalingClient.connect(server, local);
    expect((await api(local, 'POST', `/sessions/${session.id}/cancel`)).body.session).toMatchObject({ status: 'cancelled' });
    await localWatcher.waitFor('session.updated', (d: { session: { id: string; queuePosition: number } }) =>
      d.session.id === second.body.session.id && d.session.queuePosition === 1,
    );
    expect((await api(local, 'POST', `/sessions/${session.id}/cancel`)).body).toMatchObject({ error: { code: 'SESSION_NOT_WAITING' } });
    watcher.close();
    localWatcher.close();
  });

  it('lets exactly one of two clerks accepting at once take the session', async () => {
    for (let round = 0; round < 5; round++) {
      const id = (await start()).body.session.id;
      const results = await Promise.all([api(home, 'POST', `/sessions/${id}/accept`), api(home2, 'POST', `/sessions/${id}/accept`)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)?.body).toMatchObject({ error: { code: 'SESSION_ALREADY_TAKEN', message: '该视频会话已被其他属地窗口受理。' } });
      const row = (await server.services.database.db.select().from(sessions).where(eq(sessions.id, id)))[0]!;
      expect(row.status).toBe('active');
      expect(row.acceptedAt).toBeInstanceOf(Date);
      await api(local, 'POST', `/sessions/${id}/end`);
    }
  });

  it('keeps clerks of another jurisdiction out, and writes each refusal to the audit log', async () => {
    const id = (await start()).body.session.id;
    const refused = await api(otherHome, 'POST', `/sessions/${id}/accept`);
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect((await api(home, 'POST', `/sessions/${id}/accept`)).status).toBe(200);
    const intruder = await TestSignalingClient.connect(server, otherHome);
    expect(await intruder.request('session.join', { sessionId: id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await api(otherHome, 'GET', `/sessions/${id}`)).status).toBe(403);
    const audit = (await server.services.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'session'), eq(auditLog.entityId, id)))
      .orderBy(auditLog.id))
      .map((r) => r.action);
    expect(audit).toEqual(['session.created', 'session.recording_notice_confirmed', 'session.accept_refused', 'session.accepted', 'session.join_refused', 'session.read_refused']);
    intruder.close();
    await api(home, 'POST', `/sessions/${id}/end`);
  });

  it('lets the local clerk stand by in the room while the session waits, and nobody else before the accept', async () => {
    const id = (await start()).body.session.id;
    const a = await TestSignalingClient.connect(server, local);
    const b = await TestSignalingClient.connect(server, home);
    const supervisor = await TestSignalingClient.connect(server, await signInCookie(server, 'pinghu.supervisor'));
    // The capabilities a browser loads its device with ahead of any room are the ones every room reports.
    const capabilities = await a.request('media.capabilities', {});
    expect(await a.request('media.capabilities', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    const standing = await a.request('session.join', { sessionId: id });
    expect(standing).toMatchObject({ ok: true, data: { side: 'local', peers: [], producers: [] } });
    expect((standing.data as { routerRtpCapabilities: unknown }).routerRtpCapabilities).toEqual(
      (capabilities.data as { routerRtpCapabilities: unknown }).routerRtpCapabilities,
    );
    expect(await a.request('transport.create', { sessionId: id, direction: 'send' })).toMatchObject({ ok: true });
    // The home clerk has not accepted it yet, and a supervisor watches only once it is live.
    expect(await b.request('session.join', { sessionId: id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await supervisor.request('session.join', { sessionId: id })).toMatchObject({ ok: false, error: { code: 'SESSION_NOT_ACTIVE' } });

    expect((await api(home, 'POST', `/sessions/${id}/accept`)).status).toBe(200);
    expect(await b.request('session.join', { sessionId: id })).toMatchObject({ ok: true, data: { side: 'home', peers: [{ side: 'local' }] } });
    await a.waitFor('peer.joined', (d: { peer: { side: string } }) => d.peer.side === 'home');

    // Cancelling a waiting session closes the room its local clerk stood by in.
    const other = (await start()).body.session.id;
    expect(await a.request('session.join', { sessionId: other })).toMatchObject({ ok: true });
    expect(server.services.rooms.room(other)).toBeDefined();
    expect((await api(local, 'POST', `/sessions/${other}/cancel`)).status).toBe(200);
    expect(server.services.rooms.room(other)).toBeUndefined();

    await api(home, 'POST', `/sessions/${id}/end`);
    for (const client of [a, b, supervisor]) client.close();
  });

  it('opens the transports and makes the consumers itself for a browser that joins with its capabilities', async () => {
    const id = (await start()).body.session.id;
    const a = await TestSignalingClient.connect(server, local);
    const b = await TestSignalingClient.connect(server, home);
    // The router's own capabilities stand in for a browser's: everything it offers can be received.
    const rtpCapabilities = ((await a.request('media.capabilities', {})).data as { routerRtpCapabilities: unknown }).routerRtpCapabilities;
    type Joined = { transports: { send: { id: string } | null; recv: { id: string } }; consumers: { id: string; producerId: string; source: string; kind: string }[] };
    const joinedA = (await a.request('session.join', { sessionId: id, rtpCapabilities })).data as Joined;
    expect(joinedA.transports.send?.id).toBeTruthy();
    expect(joinedA.consumers).toEqual([]);
    const camera = await produceCamera(a, id, joinedA.transports.send!.id, 11111111);
    expect(camera).toMatchObject({ ok: true });
    const cameraId = (camera.data as { id: string }).id;

    // The home clerk accepts and joins: the local camera comes with its consumer already made.
    await api(home, 'POST', `/sessions/${id}/accept`);
    const joinedB = (await b.request('session.join', { sessionId: id, rtpCapabilities })).data as Joined;
    expect(joinedB.consumers).toEqual([expect.objectContaining({ producerId: cameraId, source: 'camera', kind: 'video' })]);
    // Asking again for the same producer gives the same consumer, not a second one.
    expect(
      await b.request('consumer.create', { sessionId: id, transportId: joinedB.transports.recv.id, producerId: cameraId, rtpCapabilities }),
    ).toMatchObject({ ok: true, data: { id: joinedB.consumers[0]!.id } });
    expect(await b.request('consumer.resume', { sessionId: id, consumerId: joinedB.consumers[0]!.id })).toMatchObject({ ok: true });
    // A browser whose link is congested is told how long the camera layers it receives are held down
    // (tests/integration/downlinkRelief.test.ts); outside the room it is refused.
    expect(await b.request('downlink.congested', { sessionId: id })).toMatchObject({ ok: true, data: { holdMs: 3000 } });
    expect(await b.request('downlink.congested', { sessionId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_IN_ROOM' } });

    // A producer made later is announced with its consumer.
    const announced = b.waitFor('producer.new', (d: { producer: { source: string } }) => d.producer.source === 'microphone');
    const microphone = await a.request('producer.create', {
      sessionId: id,
      transportId: joinedA.transports.send!.id,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: { mid: '1', codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 22222222 }] },
    });
    expect(await announced).toMatchObject({
      producer: { id: (microphone.data as { id: string }).id },
      consumer: { producerId: (microphone.data as { id: string }).id, kind: 'audio', source: 'microphone', side: 'local' },
    });
    await api(home, 'POST', `/sessions/${id}/end`);
    a.close();
    b.close();
  });

  it('resumes a peer over a new connection after the network went: same transports and producers, new ICE', async () => {
    const id = (await start()).body.session.id;
    await api(home, 'POST', `/sessions/${id}/accept`);
    const [a, b, intruder] = await Promise.all([TestSignalingClient.connect(server, local), TestSignalingClient.connect(server, home), TestSignalingClient.connect(server, otherHome)]);
    const rtpCapabilities = ((await a.request('media.capabilities', {})).data as { routerRtpCapabilities: unknown }).routerRtpCapabilities;
    type Joined = { transports: { send: { id: string; iceParameters: { usernameFragment: string } } | null; recv: { id: string; iceParameters: { usernameFragment: string } } } };
    const joinedA = (await a.request('session.join', { sessionId: id, rtpCapabilities })).data as Joined;
    await b.request('session.join', { sessionId: id, rtpCapabilities });
    const camera = await produceCamera(a, id, joinedA.transports.send!.id, 33333333);
    const cameraId = (camera.data as { id: string }).id;
    const transportIds = [joinedA.transports.send!.id, joinedA.transports.recv.id];

    // The old connection is still open on the server (it has not seen the network go): a second one resumes.
    const a2 = await TestSignalingClient.connect(server, local);
    expect(await intruder.request('session.resume', { sessionId: id, transportIds })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await a2.request('session.resume', { sessionId: id, transportIds: [...transportIds, transportIds[0]] })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await a2.request('session.resume', { sessionId: id, transportIds: ['not-a-transport'] })).toMatchObject({ ok: true, data: { resumed: false } });
    const resumed = await a2.request('session.resume', { sessionId: id, transportIds });
    expect(resumed).toMatchObject({ ok: true, data: { resumed: true, peers: [{ side: 'home' }], producers: [], consumedProducerIds: [] } });
    const ice = (resumed.data as { iceParameters: Record<string, { usernameFragment: string }> }).iceParameters;
    expect(Object.keys(ice).sort()).toEqual([...transportIds].sort());
    expect(ice[joinedA.transports.send!.id]!.usernameFragment).not.toBe(joinedA.transports.send!.iceParameters.usernameFragment);

    // The peer now answers on the new connection, and the old one closing takes nothing away.
    a.close();
    expect(await a2.request('producer.pause', { sessionId: id, producerId: cameraId })).toMatchObject({ ok: true });
    expect(await b.waitFor('producer.paused', (d: { producerId: string }) => d.producerId === cameraId)).toBeTruthy();
    expect(b.notifications.some((n) => n.method === 'peer.left')).toBe(false);
    expect(server.services.rooms.room(id)?.producers().map((p) => p.id)).toEqual([cameraId]);
    // The home clerk's resume reports the camera it already consumes.
    const b2 = await TestSignalingClient.connect(server, home);
    const joinedB = server.services.rooms.room(id)!.peers().find((p) => p.side === 'home')!;
    expect(await b2.request('session.resume', { sessionId: id, transportIds: joinedB.transports().map((t) => t.id) })).toMatchObject({
      ok: true,
      data: { resumed: true, producers: [{ id: cameraId, paused: true }], consumedProducerIds: [cameraId] },
    });

    await api(home, 'POST', `/sessions/${id}/end`);
    // An ended session's room is gone: nothing to resume.
    expect(await a2.request('session.resume', { sessionId: id, transportIds })).toMatchObject({ ok: false, error: { code: 'SESSION_NOT_ACTIVE' } });
    for (const client of [a2, b, b2, intruder]) client.close();
  });

  it('takes a session and joins its room in one request over the live connection, once', async () => {
    const id = (await start()).body.session.id;
    const [b, b2, intruder] = await Promise.all([
      TestSignalingClient.connect(server, home),
      TestSignalingClient.connect(server, home2),
      TestSignalingClient.connect(server, otherHome),
    ]);
    const rtpCapabilities = ((await b.request('media.capabilities', {})).data as { routerRtpCapabilities: unknown }).routerRtpCapabilities;
    expect(await intruder.request('session.accept', { sessionId: id, rtpCapabilities })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await b.request('session.accept', { sessionId: id })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    const [first, second] = await Promise.all([
      b.request('session.accept', { sessionId: id, rtpCapabilities }),
      b2.request('session.accept', { sessionId: id, rtpCapabilities }),
    ]);
    const answers = [first, second];
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    expect(answers.filter((answer) => !answer.ok)).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: 'SESSION_ALREADY_TAKEN' }) })]);
    const won = answers.find((answer) => answer.ok)!.data as { session: { status: string }; joined: { side: string; transports: { send: unknown; recv: unknown } } };
    expect(won.session.status).toBe('active');
    expect(won.joined).toMatchObject({ side: 'home', transports: { send: expect.any(Object), recv: expect.any(Object) } });
    const actions = (await server.services.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, id))
      .orderBy(auditLog.id))
      .map((row) => row.action);
    expect(actions).toEqual(['session.created', 'session.recording_notice_confirmed', 'session.accept_refused', 'session.accepted']);

    const winner = first.ok ? home : home2;
    await api(winner, 'POST', `/sessions/${id}/end`);
    for (const client of [b, b2, intruder]) client.close();
  });

  it('joins both clerks to one room, passes chat both ways, and ends for both with timestamps', async () => {
    const id = (await start()).body.session.id;
    await api(home, 'POST', `/sessions/${id}/accept`);
    const a = await TestSignalingClient.connect(server, local);
    // A connection that opens later is told the state of the clerk's open sessions at once.
    expect(await a.waitFor('session.updated', (d: { session: { id: string; status: string } }) => d.session.id === id && d.session.status === 'active')).toBeTruthy();
    const b = await TestSignalingClient.connect(server, home);
    const supervisor = await TestSignalingClient.connect(server, await signInCookie(server, 'pinghu.supervisor'));
    const joinA = await a.request('session.join', { sessionId: id });
    expect(joinA).toMatchObject({ ok: true, data: { side: 'local', peers: [], producers: [] } });
    expect((joinA.data as { routerRtpCapabilities: { codecs: unknown[] } }).routerRtpCapabilities.codecs.length).toBeGreaterThan(0);
    expect(await b.request('session.join', { sessionId: id })).toMatchObject({ ok: true, data: { side: 'home', peers: [{ side: 'local' }] } });
    await a.waitFor('peer.joined', (d: { peer: { side: string } }) => d.peer.side === 'home');
    const transport = await a.request('transport.create', { sessionId: id, direction: 'send' });
    expect(transport).toMatchObject({ ok: true, data: { iceCandidates: [{ ip: '127.0.0.1' }, { ip: '127.0.0.1' }] } });
    // A bad message on one connection disturbs nobody else.
    expect(await b.sendRaw('{"type":"request","id":"x"}')).toMatchObject({ ok: false, error: { code: 'BAD_MESSAGE' } });
    expect(await b.request('transport.create', { sessionId: id, direction: 'sideways' })).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(await b.request('producer.create', { sessionId: id, transportId: 'nope', kind: 'video', source: 'camera', rtpParameters: {} })).toMatchObject({
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(await a.request('chat.send', { sessionId: id, text: '请出示身份证正面' })).toMatchObject({ ok: true });
    expect(await b.waitFor('chat.message')).toMatchObject({ message: { text: '请出示身份证正面', sender: { side: 'local' } } });
    await b.request('chat.send', { sessionId: id, text: '收到，谢谢' });
    expect(await a.waitFor('chat.message', (d: { message: { text: string } }) => d.message.text === '收到，谢谢')).toBeTruthy();
    expect((await api(local, 'GET', `/sessions/${id}/chat`)).body.messages).toHaveLength(2);

    expect((await api(home, 'POST', `/sessions/${id}/end`, { reason: '办理完毕' })).status).toBe(200);
    const ended = (await a.waitFor('session.updated', (d: { session: { status: string } }) => d.session.status === 'ended')) as {
      session: { endedBy: { displayName: string }; endReason: string };
    };
    expect(ended.session).toMatchObject({ endedBy: { displayName: '沈佳怡' }, endReason: '办理完毕' });
    expect(await supervisor.waitFor('session.updated', (d: { session: { id: string; status: string } }) => d.session.id === id && d.session.status === 'ended')).toBeTruthy();
    supervisor.close();
    const row = (await server.services.database.db.select().from(sessions).where(eq(sessions.id, id)))[0]!;
    expect(row).toMatchObject({ status: 'ended', endReason: '办理完毕' });
    expect(row.createdAt.getTime()).toBeLessThanOrEqual(row.acceptedAt!.getTime());
    expect(row.acceptedAt!.getTime()).toBeLessThanOrEqual(row.endedAt!.getTime());
    expect(server.services.rooms.room(id)).toBeUndefined();
    expect(await a.request('chat.send', { sessionId: id, text: 'late' })).toMatchObject({ error: { code: 'SESSION_NOT_ACTIVE' } });
    a.close();
    b.close();
  });
});

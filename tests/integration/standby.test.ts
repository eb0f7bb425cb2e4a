/**
 * The home clerk's standby room against the real server and mediasoup worker: opened from the home
 * console with the camera published in it, handed to the session's room at 受理 with its transports
 * and producers (both rooms on one router: nothing piped), and closed when its clerk goes away.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matters } from '../support/tables';
import type { types } from 'mediasoup';
import { routerMediaCodecs } from '../../signaling/src/media/codecs';
import { loadMediasoup } from '../../signaling/src/media/workerBinary';
import { idCheckDigit, type SessionView } from '../../signaling/src/protocol';
import { TestSignalingClient } from '../support/signalingClient';
import { fromProductPage, signInCookie, startTestServer, type TestServer } from '../support/testServer';
import { recordingNoticePath } from '../support/recordingNotice';

interface Transports {
  send: { id: string } | null;
  recv: { id: string };
}
interface Consumer {
  id: string;
  producerId: string;
  source: string;
  side: string;
}
interface Joined {
  transports?: Transports;
  channel?: { id: string; dataProducerId: string; label: string };
  consumers: Consumer[];
  producers: { id: string; source: string }[];
}

const camera = (ssrc: number) => ({ mid: '0', codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc }] });
const microphone = (ssrc: number) => ({ mid: '1', codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc }] });

interface Ahead {
  sessionId: string;
  forSessionId: string;
  producer: { id: string; source: string; side: string };
  consumer: Consumer;
}

// With one worker or two: rooms are placed by home jurisdiction, so the standby room and the session's
// room share a router either way.
describe.each([{ workers: '1' }, { workers: '2' }])('home clerk standby ($workers worker(s))', ({ workers }) => {
  let server: TestServer;
  let local: string;
  let home: string;
  let matterId: number;
  let rtpCapabilities: unknown;

  const startSession = async (localClerk = local): Promise<string> => {
    const first17 = '33048219880315123';
    const response = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { ...fromProductPage(server.url, localClerk), 'content-type': 'application/json' },
      body: JSON.stringify({ citizenName: '陈先生', citizenIdNumber: first17 + idCheckDigit(first17), citizenPhone: '13800138000', homeJurisdictionCode: '330482', matterId }),
    });
    const id = ((await response.json()) as { session: SessionView }).session.id;
    await fetch(`${server.url}${recordingNoticePath(id)}`, { method: 'POST', headers: fromProductPage(server.url, localClerk) });
    return id;
  };
  const end = (id: string) => fetch(`${server.url}/api/sessions/${id}/end`, { method: 'POST', headers: fromProductPage(server.url, home) });
  /** A waiting session cancelled by its local clerk (signed in as `localClerk`). */
  const cancel = (id: string, localClerk: string) =>
    fetch(`${server.url}/api/sessions/${id}/cancel`, { method: 'POST', headers: { ...fromProductPage(server.url, localClerk), 'content-type': 'application/json' }, body: '{}' });

  /** Every producer made on the server's workers, and every pipe transport (there should be none). */
  const producersMade = new Map<string, types.Producer>();
  const pipeTransports: string[] = [];
  const watchProducers = (worker: types.Worker) =>
    worker.observer.on('newrouter', (router) =>
      router.observer.on('newtransport', (transport) => {
        if (transport.type === 'pipe') pipeTransports.push(transport.id);
        transport.observer.on('newproducer', (producer) => producersMade.set(producer.id, producer));
      }),
    );

  beforeAll(async () => {
    (await loadMediasoup()).observer.on('newworker', watchProducers);
    server = await startTestServer({ VWINDOW_WORKERS: workers });
    [local, home] = await Promise.all([signInCookie(server, 'lianshui.local'), signInCookie(server, 'pinghu.home')]);
    matterId = (await server.services.database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!.id;
  });
  afterAll(async () => {
    (await loadMediasoup()).observer.off('newworker', watchProducers);
    await server?.dispose();
  });

  it('hands the standby camera to the session at 受理, both ways on one router', async () => {
    const a = await TestSignalingClient.connect(server, local);
    const b = await TestSignalingClient.connect(server, home);
    rtpCapabilities = ((await b.request('media.capabilities', {})).data as { routerRtpCapabilities: unknown }).routerRtpCapabilities;

    // Only a home clerk stands by this way, and only with capabilities.
    expect(await a.request('standby.open', { rtpCapabilities })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await b.request('standby.open', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    const opened = (await b.request('standby.open', { rtpCapabilities })).data as { roomId: string; joined: Joined };
    expect(opened.joined.transports?.send).toBeTruthy();
    // The receiving transport carries the room's data channel, so that the browser connects it at once.
    expect(opened.joined.transports?.recv).toMatchObject({ sctpParameters: expect.objectContaining({ port: 5000 }) });
    expect(opened.joined.channel).toMatchObject({ id: expect.any(String), dataProducerId: expect.any(String), label: 'room', sctpStreamParameters: expect.any(Object) });
    const standbyId = opened.roomId;
    const homeCamera = (await b.request('producer.create', { sessionId: standbyId, transportId: opened.joined.transports!.send!.id, kind: 'video', source: 'camera', rtpParameters: camera(31111111) }))
      .data as { id: string };
    expect(homeCamera.id).toBeTruthy();

    // The local clerk stands by in the waiting session with a camera of their own.
    const id = await startSession();
    const joinedA = (await a.request('session.join', { sessionId: id, rtpCapabilities })).data as Joined;
    expect(joinedA.channel?.dataProducerId).not.toBe(opened.joined.channel?.dataProducerId);
    const localCamera = (await a.request('producer.create', { sessionId: id, transportId: joinedA.transports!.send!.id, kind: 'video', source: 'camera', rtpParameters: camera(32222222) })).data as {
      id: string;
    };

    // 受理 from standby: no new transports, the local camera's consumer made on the standby router…
    const heard: string[] = [];
    a.socket.on('message', (raw: Buffer) => {
      const message = JSON.parse(raw.toString()) as { type: string; method?: string; data?: { session?: SessionView } };
      if (message.type === 'notification') heard.push(`${message.method}${message.data?.session ? `:${message.data.session.status}` : ''}`);
    });
    const homeCameraArrives = a.waitFor('producer.new', (d: { producer: { id: string } }) => d.producer.id === homeCamera.id);
    const startedArrives = a.waitFor('session.updated', (d: { session: SessionView }) => d.session.id === id && d.session.status === 'active');
    const accepted = await b.request('session.accept', { sessionId: id, rtpCapabilities, standbyRoomId: standbyId });
    expect(accepted.ok).toBe(true);
    const joinedB = (accepted.data as { joined: Joined }).joined;
    expect(joinedB.transports).toBeUndefined();
    expect(joinedB.consumers).toEqual([expect.objectContaining({ producerId: localCamera.id, source: 'camera', side: 'local' })]);
    expect(await b.request('consumer.resume', { sessionId: id, consumerId: joinedB.consumers[0]!.id })).toMatchObject({ ok: true });
    // It consumes the local camera itself (no copy piped between routers), whose keyframes are watched.
    const homePeer = server.services.rooms.room(id)!.peers().find((peer) => peer.side === 'home')!;
    expect(homePeer.consumers()[0]!.producerId).toBe(localCamera.id);
    expect(pipeTransports).toEqual([]);
    expect(((await producersMade.get(localCamera.id)!.dump()) as { traceEventTypes: unknown }).traceEventTypes).toContain('keyframe');
    // …and the home camera announced to the local clerk with a consumer on the session's router, before
    // the session's new state: the local browser starts receiving before it redraws its page.
    expect(heard.indexOf('producer.new')).toBeGreaterThanOrEqual(0);
    expect(heard.indexOf('producer.new')).toBeLessThan(heard.indexOf('session.updated:active'));
    expect(await homeCameraArrives).toMatchObject({ producer: { source: 'camera', side: 'home' }, consumer: { producerId: homeCamera.id, side: 'home' } });
    await startedArrives;
    // The standby room is gone; its id no longer answers.
    expect(server.services.rooms.room(standbyId)).toBeUndefined();
    expect(await b.request('producer.pause', { sessionId: standbyId, producerId: homeCamera.id })).toMatchObject({ ok: false, error: { code: 'NOT_IN_ROOM' } });

    // Pausing and closing the home camera reach the local side.
    const paused = a.waitFor('producer.paused', (d: { producerId: string }) => d.producerId === homeCamera.id);
    expect(await b.request('producer.pause', { sessionId: id, producerId: homeCamera.id })).toMatchObject({ ok: true });
    await paused;
    const consumerGone = a.waitFor('consumer.closed', (d: { producerId: string }) => d.producerId === homeCamera.id);
    const producerGone = a.waitFor('producer.closed', (d: { producerId: string }) => d.producerId === homeCamera.id);
    expect(await b.request('producer.close', { sessionId: id, producerId: homeCamera.id })).toMatchObject({ ok: true });
    await Promise.all([consumerGone, producerGone]);

    // A producer made after the accept, on the transport opened in the standby room, reaches it as well.
    const again = a.waitFor('producer.new', (d: { producer: { source: string; side: string } }) => d.producer.source === 'camera' && d.producer.side === 'home');
    expect(
      await b.request('producer.create', { sessionId: id, transportId: opened.joined.transports!.send!.id, kind: 'video', source: 'camera', rtpParameters: camera(33333333) }),
    ).toMatchObject({ ok: true });
    expect(await again).toMatchObject({ consumer: { side: 'home' } });

    // The session ends: its room closes, and every transport with it (the shared router stays).
    const roomsBefore = server.services.rooms.size;
    const standbyTransport = opened.joined.transports!.send!.id;
    await end(id);
    expect(server.services.rooms.size).toBe(roomsBefore - 1);
    expect(homePeer.closed).toBe(true);
    expect(homePeer.findTransport(standbyTransport)).toBeUndefined();
    expect(pipeTransports).toEqual([]);
    a.close();
    b.close();
  });

  it('closes a standby room when its clerk leaves, and keeps one per connection', async () => {
    const b = await TestSignalingClient.connect(server, home);
    const first = ((await b.request('standby.open', { rtpCapabilities })).data as { roomId: string }).roomId;
    const second = ((await b.request('standby.open', { rtpCapabilities })).data as { roomId: string }).roomId;
    expect(server.services.rooms.room(first)).toBeUndefined();
    expect(server.services.rooms.room(second)).toBeDefined();
    expect(await b.request('session.leave', { sessionId: second })).toMatchObject({ ok: true });
    expect(server.services.rooms.room(second)).toBeUndefined();

    const third = ((await b.request('standby.open', { rtpCapabilities })).data as { roomId: string }).roomId;
    b.close();
    await expect.poll(() => server.services.rooms.room(third)).toBeUndefined();
    // The rooms shared their workers' routers: closed, they left nothing on them (transports, data channels).
    const left = async () => {
      const live = server.services.workers.status().flatMap((w) => server.services.workers.worker(w.index) ?? []);
      const dumps = await Promise.all(live.map(async (worker) => (await worker.roomRouter(routerMediaCodecs)).dump()));
      return dumps.flatMap((dump) => dump.transportIds);
    };
    expect(server.services.rooms.size).toBe(0);
    await expect.poll(left).toEqual([]);
  });

  it('lets a standby room be used for nothing but its clerk and the session they accept', async () => {
    const b = await TestSignalingClient.connect(server, home);
    const other = await TestSignalingClient.connect(server, await signInCookie(server, 'pinghu.home2'));
    const standbyId = ((await b.request('standby.open', { rtpCapabilities })).data as { roomId: string }).roomId;
    // Not a session: nobody joins it, and another clerk's connection cannot use it to accept.
    expect(await other.request('session.join', { sessionId: standbyId })).toMatchObject({ ok: false });
    const id = await startSession();
    const accepted = await other.request('session.accept', { sessionId: id, rtpCapabilities, standbyRoomId: standbyId });
    // Someone else's standby id is ignored: that clerk joins the plain way, with transports of their own.
    expect(accepted).toMatchObject({ ok: true, data: { joined: { side: 'home', transports: { send: expect.any(Object) } } } });
    expect(server.services.rooms.room(standbyId)).toBeDefined();
    await fetch(`${server.url}/api/sessions/${id}/end`, { method: 'POST', headers: fromProductPage(server.url, await signInCookie(server, 'pinghu.home2')) });
    b.close();
    other.close();
  });
  it('makes the consumers of a call ahead of 受理, paused, and starts them at the accept', async () => {
    const a = await TestSignalingClient.connect(server, local);
    const b = await TestSignalingClient.connect(server, home);
    const c = await TestSignalingClient.connect(server, await signInCookie(server, 'pinghu.home2'));
    rtpCapabilities = ((await b.request('media.capabilities', {})).data as { routerRtpCapabilities: unknown }).routerRtpCapabilities;
    const standBy = async (client: TestSignalingClient, ssrc: number, withMicrophone: boolean) => {
      const opened = (await client.request('standby.open', { rtpCapabilities })).data as { roomId: string; joined: Joined };
      const transportId = opened.joined.transports!.send!.id;
      const cam = (await client.request('producer.create', { sessionId: opened.roomId, transportId, kind: 'video', source: 'camera', rtpParameters: camera(ssrc) })).data as { id: string };
      const mic = withMicrophone
        ? ((await client.request('producer.create', { sessionId: opened.roomId, transportId, kind: 'audio', source: 'microphone', rtpParameters: microphone(ssrc + 1) })).data as { id: string })
        : null;
      return { roomId: opened.roomId, camera: cam.id, microphone: mic?.id };
    };
    const standbyB = await standBy(b, 41111111, true);
    const standbyC = await standBy(c, 42222222, false);

    // The local clerk waits in a new session with camera and microphone.
    const id = await startSession();
    const joinedA = (await a.request('session.join', { sessionId: id, rtpCapabilities })).data as Joined;
    const send = joinedA.transports!.send!.id;
    const localCamera = ((await a.request('producer.create', { sessionId: id, transportId: send, kind: 'video', source: 'camera', rtpParameters: camera(43333333) })).data as { id: string }).id;
    const localMic = ((await a.request('producer.create', { sessionId: id, transportId: send, kind: 'audio', source: 'microphone', rtpParameters: microphone(43333334) })).data as { id: string }).id;

    // Both clerks standing by get paused consumers of the local clerk's camera and microphone, in their standby rooms…
    const aheadOf = (client: TestSignalingClient, producerId: string) =>
      client.waitFor('consumer.ahead', (d: Ahead) => d.producer.id === producerId) as Promise<Ahead>;
    const [bCamera, bMic, cCamera, cMic] = await Promise.all([aheadOf(b, localCamera), aheadOf(b, localMic), aheadOf(c, localCamera), aheadOf(c, localMic)]);
    expect(bCamera).toMatchObject({ sessionId: standbyB.roomId, forSessionId: id, producer: { source: 'camera', side: 'local' }, consumer: { producerId: localCamera, source: 'camera' } });
    expect(bMic).toMatchObject({ sessionId: standbyB.roomId, forSessionId: id, consumer: { producerId: localMic, source: 'microphone' } });
    expect(cCamera.sessionId).toBe(standbyC.roomId);
    expect(cMic.forSessionId).toBe(id);
    // …and the local clerk of each standing-by clerk's camera (and microphone), in the session's room.
    const [aFromB, aFromBMic, aFromC] = await Promise.all([aheadOf(a, standbyB.camera), aheadOf(a, standbyB.microphone!), aheadOf(a, standbyC.camera)]);
    expect(aFromB).toMatchObject({ sessionId: id, forSessionId: id, producer: { side: 'home', source: 'camera' } });
    expect(aFromBMic.consumer.source).toBe('microphone');

    const serverConsumer = (roomId: string, side: string, consumerId: string) =>
      server.services.rooms
        .room(roomId)
        ?.peers()
        .find((peer) => peer.side === side)
        ?.consumers()
        .find((consumer) => consumer.id === consumerId);
    // Nothing flows before the accept, even once the browsers say they have them.
    for (const [client, roomId, ahead] of [
      [b, standbyB.roomId, bCamera],
      [a, id, aFromB],
      [c, standbyC.roomId, cCamera],
    ] as const) {
      expect(await client.request('consumer.resume', { sessionId: roomId, consumerId: ahead.consumer.id })).toMatchObject({ ok: true });
    }
    expect(serverConsumer(standbyB.roomId, 'home', bCamera.consumer.id)?.paused).toBe(true);
    expect(serverConsumer(standbyC.roomId, 'home', cCamera.consumer.id)?.paused).toBe(true);
    expect(serverConsumer(id, 'local', aFromB.consumer.id)?.paused).toBe(true);
    // A consumer made ahead answers only to its own clerk.
    expect(await c.request('consumer.resume', { sessionId: standbyC.roomId, consumerId: bCamera.consumer.id })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    // B takes the session: the accept hands out the very consumers made ahead, and those set up start at once.
    const homeCameraArrives = a.waitFor('producer.new', (d: { producer: { id: string } }) => d.producer.id === standbyB.camera) as Promise<{ consumer: Consumer }>;
    const cLosesCamera = c.waitFor('consumer.closed', (d: { consumerId: string }) => d.consumerId === cCamera.consumer.id) as Promise<{ sessionId: string }>;
    const aLosesC = a.waitFor('consumer.closed', (d: { consumerId: string }) => d.consumerId === aFromC.consumer.id) as Promise<{ sessionId: string }>;
    const accepted = (await b.request('session.accept', { sessionId: id, rtpCapabilities, standbyRoomId: standbyB.roomId })).data as { joined: Joined };
    expect(accepted.joined.consumers.map((consumer) => consumer.id).sort()).toEqual([bCamera.consumer.id, bMic.consumer.id].sort());
    expect((await homeCameraArrives).consumer.id).toBe(aFromB.consumer.id);
    await expect.poll(() => serverConsumer(id, 'home', bCamera.consumer.id)?.paused).toBe(false);
    await expect.poll(() => serverConsumer(id, 'local', aFromB.consumer.id)?.paused).toBe(false);
    // Those the browser had not set up yet wait for it, as any consumer does.
    expect(serverConsumer(id, 'home', bMic.consumer.id)?.paused).toBe(true);
    expect(serverConsumer(id, 'local', aFromBMic.consumer.id)?.paused).toBe(true);
    expect(await b.request('consumer.resume', { sessionId: id, consumerId: bMic.consumer.id })).toMatchObject({ ok: true });
    expect(serverConsumer(id, 'home', bMic.consumer.id)?.paused).toBe(false);

    // The other clerk's pair ended: its consumers are closed, on the server and in both browsers.
    expect(await cLosesCamera).toMatchObject({ sessionId: standbyC.roomId });
    await c.waitFor('consumer.closed', (d: { consumerId: string }) => d.consumerId === cMic.consumer.id);
    expect(await aLosesC).toMatchObject({ sessionId: id });
    expect(server.services.rooms.room(standbyC.roomId)?.peers()[0]?.consumers()).toEqual([]);
    expect(
      server.services.rooms
        .room(id)
        ?.peers()
        .find((peer) => peer.side === 'local')
        ?.consumers()
        .map((consumer) => consumer.producerId)
        .sort(),
    ).toEqual([standbyB.camera, standbyB.microphone].sort());

    // A new waiting session pairs with the clerk still standing by, and its cancel takes the pair back.
    await end(id);
    const second = await startSession();
    const joinedAgain = (await a.request('session.join', { sessionId: second, rtpCapabilities })).data as Joined;
    const secondCamera = ((await a.request('producer.create', { sessionId: second, transportId: joinedAgain.transports!.send!.id, kind: 'video', source: 'camera', rtpParameters: camera(44444444) })).data as { id: string })
      .id;
    const cAgain = await aheadOf(c, secondCamera);
    expect(cAgain.forSessionId).toBe(second);
    const taken = c.waitFor('consumer.closed', (d: { consumerId: string }) => d.consumerId === cAgain.consumer.id);
    await cancel(second, local);
    await taken;
    a.close();
    b.close();
    c.close();
  });

  it('pairs no one with a session accepted before its local clerk came back (a restarted server)', async () => {
    const c = await TestSignalingClient.connect(server, await signInCookie(server, 'pinghu.home2'));
    rtpCapabilities = ((await c.request('media.capabilities', {})).data as { routerRtpCapabilities: unknown }).routerRtpCapabilities;
    const opened = (await c.request('standby.open', { rtpCapabilities })).data as { roomId: string; joined: Joined };
    await c.request('producer.create', { sessionId: opened.roomId, transportId: opened.joined.transports!.send!.id, kind: 'video', source: 'camera', rtpParameters: camera(45555555) });

    // Accepted by the other home clerk while no one is in the room, as after a restart during the call.
    const accepted = await startSession();
    expect((await fetch(`${server.url}/api/sessions/${accepted}/accept`, { method: 'POST', headers: fromProductPage(server.url, home) })).status).toBe(200);
    const a = await TestSignalingClient.connect(server, local);
    const joined = (await a.request('session.join', { sessionId: accepted, rtpCapabilities })).data as Joined;
    await a.request('producer.create', { sessionId: accepted, transportId: joined.transports!.send!.id, kind: 'video', source: 'camera', rtpParameters: camera(46666666) });

    // A session that does wait, of another local clerk: the standing-by clerk is paired with it alone.
    const otherLocal = await signInCookie(server, 'taizhou.local');
    const other = await TestSignalingClient.connect(server, otherLocal);
    const waiting = await startSession(otherLocal);
    const joinedOther = (await other.request('session.join', { sessionId: waiting, rtpCapabilities })).data as Joined;
    await other.request('producer.create', { sessionId: waiting, transportId: joinedOther.transports!.send!.id, kind: 'video', source: 'camera', rtpParameters: camera(47777777) });
    await c.waitFor('consumer.ahead', (d: Ahead) => d.forSessionId === waiting);
    const ahead = (client: TestSignalingClient) => client.notifications.filter((n) => n.method === 'consumer.ahead').map((n) => (n.data as Ahead).forSessionId);
    expect(ahead(c)).toEqual([]);
    expect(ahead(a)).toEqual([]);
    expect((await end(accepted)).status).toBe(200);
    expect((await cancel(waiting, otherLocal)).status).toBe(200);
    for (const client of [a, c, other]) client.close();
  });
});

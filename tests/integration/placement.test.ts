/**
 * Sessions' rooms placed on nodes (issue 20), with two and then three real servers in one process
 * sharing one SQLite file (the in-process stand-in for nodes on one PostgreSQL): a session accepted on
 * node A has its room on A under a lease A renews; a clerk connected to node B is told where the room
 * is and joins it over A's signaling from B's page; node A "killed" (its heartbeat and renewals stopped,
 * closed without giving anything up) → node B makes the room anew within 10 s and a clerk asking again
 * joins it on B; a node started later takes new rooms; a node whose lease was taken closes its room
 * and its clerks are told to rejoin; /api/health lists each node and its rooms.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matters, roomLeases, roomsOf } from '@vwindow/db';
import type { NodeHealth } from '../../signaling/src/cluster/RoomPlacement';
import WebSocket from 'ws';
import type { GuestInvitation, JoinedRoom, RoomElsewhere, SessionView } from '../../signaling/src/protocol';
import { recordingNoticePath } from '../support/recordingNotice';
import { activeSession, call, citizenId } from '../support/sessionSteps';
import { TestSignalingClient } from '../support/signalingClient';
import { fromProductPage, signInCookie, startTestServer, type TestServer } from '../support/testServer';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const env = { VWINDOW_WORKERS: '1', VWINDOW_RECORDING: 'off', VWINDOW_LOG_LEVEL: 'silent' };

describe('rooms placed on nodes sharing one database', () => {
  let a: TestServer;
  let b: TestServer;
  let c: TestServer | undefined;
  let matterId: number;
  /** An administrator's sign-in: good on every node (one database). */
  let admin: string;
  let sessionId: string;
  /** The home clerk's connection to B, in the room B re-created. */
  let inRoomOnB: TestSignalingClient;
  const clients: TestSignalingClient[] = [];
  const cookies = async (server: TestServer) => ({ local: await signInCookie(server, 'lianshui.local'), home: await signInCookie(server, 'pinghu.home') });
  const connect = async (server: TestServer, cookie: string) => {
    const client = await TestSignalingClient.connect(server, cookie);
    clients.push(client);
    return client;
  };
  /** /api/health as an administrator sees it (anyone else gets only the status). */
  const health = async (server: TestServer) =>
    (await (await fetch(`${server.url}/api/health`, { headers: { cookie: admin } })).json()) as { status: string; node: string; nodes: NodeHealth[] };

  beforeAll(async () => {
    a = await startTestServer(env);
    b = await startTestServer({ ...env, VWINDOW_DATA_DIR: a.dataDir, VWINDOW_SEED: 'none' });
    admin = await signInCookie(a, 'admin');
    matterId = (await a.services.database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!.id;
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await c?.stop();
    await b?.stop();
    await a?.dispose();
  });

  it('puts the room of a session accepted on A on A, renews its lease, and sends a clerk on B there', async () => {
    const onA = await cookies(a);
    sessionId = (await activeSession({ url: a.url, ...onA }, matterId)).id;
    // The accept prepares the room on its node, its lease claimed beside it.
    for (let i = 0; i < 100 && !a.services.rooms.room(sessionId); i++) await sleep(20);
    expect(a.services.rooms.room(sessionId)).toBeDefined();
    const db = a.services.database.db;
    for (let i = 0; i < 100 && (await roomsOf(db, a.services.placement.nodeId)).length === 0; i++) await sleep(20);
    const [lease] = await roomsOf(db, a.services.placement.nodeId);
    expect(lease?.sessionId).toBe(sessionId);

    // Renewed every ~2 s.
    await sleep(2_500);
    const [renewed] = await roomsOf(db, a.services.placement.nodeId);
    expect(renewed!.expiresAt.getTime()).toBeGreaterThan(lease!.expiresAt.getTime());

    // Either node's health lists both nodes and the room on A.
    const listed = await health(b);
    expect(listed.node).toBe(b.services.placement.nodeId);
    expect(listed.nodes.map((node) => [node.id, node.publicUrl, node.rooms])).toEqual([
      [a.services.placement.nodeId, a.url, [sessionId]],
      [b.services.placement.nodeId, b.url, []],
    ]);
    expect(listed.nodes.every((node) => node.heartbeatAgeMs < 6_000)).toBe(true);
    expect(await (await fetch(`${b.url}/api/health`)).json()).toEqual({ status: 'ok', store: { kind: 'sqlite', ok: true } });

    // The home clerk's console is on B: its join is answered with A's signaling URL, no room made on B.
    const home = await connect(b, onA.home);
    const { routerRtpCapabilities: rtpCapabilities } = (await home.request('media.capabilities', {})).data as { routerRtpCapabilities: unknown };
    const answer = await home.request('session.join', { sessionId, rtpCapabilities });
    expect(answer.data).toEqual({ elsewhere: { nodeId: a.services.placement.nodeId, wsUrl: `${a.url.replace('http', 'ws')}/ws` } } satisfies RoomElsewhere);
    expect(b.services.rooms.room(sessionId)).toBeUndefined();
    // B's page opens A's signaling (its Origin is one of the cluster's) with the same sign-in, and joins there.
    const onRoomNode = await TestSignalingClient.connectTo((answer.data as RoomElsewhere).elsewhere.wsUrl!, onA.home, new URL(b.url).origin);
    clients.push(onRoomNode);
    const joined = (await onRoomNode.request('session.join', { sessionId, rtpCapabilities })).data as JoinedRoom;
    expect(joined.side).toBe('home');
    expect(joined.transports?.recv).toBeTruthy();
    expect(a.services.rooms.room(sessionId)!.peers().map((peer) => peer.side)).toEqual(['home']);
    // A page of no node of the cluster is refused.
    await expect(TestSignalingClient.connectTo(`${a.url.replace('http', 'ws')}/ws`, onA.home, 'http://127.0.0.1:1')).rejects.toThrow();
  });

  it('re-creates the room on B within 10 s of A going silent, and sends the clerk asking again there', async () => {
    const onB = await cookies(b);
    const home = await connect(b, onB.home);
    const { routerRtpCapabilities: rtpCapabilities } = (await home.request('media.capabilities', {})).data as { routerRtpCapabilities: unknown };
    // "Kill" A: no more heartbeats or renewals, then closed without releasing anything.
    a.services.placement.halt();
    const killedAt = Date.now();
    await a.stop();

    // B takes the lapsed lease by itself (nobody asking) and makes the room, empty.
    while (!b.services.rooms.room(sessionId) && Date.now() - killedAt < 10_000) await sleep(100);
    const tookMs = Date.now() - killedAt;
    expect(b.services.rooms.room(sessionId)).toBeDefined();
    expect(tookMs).toBeLessThan(10_000);
    console.info(`room re-created on node B ${tookMs} ms after node A went silent`);
    expect((await roomsOf(b.services.database.db, b.services.placement.nodeId)).map((lease) => lease.sessionId)).toEqual([sessionId]);

    const joined = (await home.request('session.join', { sessionId, rtpCapabilities })).data as JoinedRoom;
    expect(joined.side).toBe('home');
    expect(joined.transports?.send).toBeTruthy();
    inRoomOnB = home;
    const listed = await health(b);
    expect(listed.nodes.find((node) => node.id === b.services.placement.nodeId)?.rooms).toEqual([sessionId]);
  });

  it('lets a node started later take new rooms', async () => {
    c = await startTestServer({ ...env, VWINDOW_DATA_DIR: a.dataDir, VWINDOW_SEED: 'none' });
    const onC = await cookies(c);
    const started = await activeSession({ url: c.url, ...onC }, matterId, { idNumber: citizenId('33048219900101123') });
    for (let i = 0; i < 100 && !c.services.rooms.room(started.id); i++) await sleep(20);
    expect(c.services.rooms.room(started.id)).toBeDefined();
    const local = await connect(b, onC.local);
    const { routerRtpCapabilities: rtpCapabilities } = (await local.request('media.capabilities', {})).data as { routerRtpCapabilities: unknown };
    expect((await local.request('session.join', { sessionId: started.id, rtpCapabilities })).data).toMatchObject({ elsewhere: { nodeId: c.services.placement.nodeId } });
    // Ended on C: the room closes and the lease goes.
    const ended = await fetch(`${c.url}/api/sessions/${started.id}/end`, { method: 'POST', headers: { origin: new URL(c.url).origin, cookie: onC.home } });
    expect(ended.status).toBe(200);
    for (let i = 0; i < 100 && (await roomsOf(c.services.database.db, c.services.placement.nodeId)).length > 0; i++) await sleep(20);
    expect(await roomsOf(c.services.database.db, c.services.placement.nodeId)).toEqual([]);
  });

  it('closes a room whose lease another node took (this one stalled), and its clerk is told to rejoin there', async () => {
    // As if B had stalled past its TTL and C had taken the lapsed lease.
    const db = b.services.database.db;
    const reset = inRoomOnB.waitFor('room.reset', (d: { sessionId: string }) => d.sessionId === sessionId);
    await db.update(roomLeases).set({ nodeId: c!.services.placement.nodeId }).where(eq(roomLeases.sessionId, sessionId));
    await reset;
    expect(b.services.rooms.room(sessionId)).toBeUndefined();
    const { routerRtpCapabilities: rtpCapabilities } = (await inRoomOnB.request('media.capabilities', {})).data as { routerRtpCapabilities: unknown };
    expect((await inRoomOnB.request('session.join', { sessionId, rtpCapabilities })).data).toMatchObject({ elsewhere: { nodeId: c!.services.placement.nodeId } });
  });

  it('takes a session from a standby room on one node whose room is on another: the clerk is sent there', async () => {
    const onC = await cookies(c!);
    const started = await call<{ session: SessionView }>(c!.url, onC.local, 'POST', '/sessions', {
      citizenName: '陈先生',
      citizenIdNumber: citizenId('33048219900101124'),
      citizenPhone: '13800138000',
      homeJurisdictionCode: '330482',
      matterId,
    });
    const id = started.body.session.id;
    expect((await call(c!.url, onC.local, 'POST', recordingNoticePath(id).replace(/^\/api/, ''))).status).toBe(201);
    // The local clerk stands by in the waiting session's room, on C.
    const local = await connect(c!, onC.local);
    const { routerRtpCapabilities: rtpCapabilities } = (await local.request('media.capabilities', {})).data as { routerRtpCapabilities: unknown };
    expect(((await local.request('session.join', { sessionId: id, rtpCapabilities })).data as JoinedRoom).side).toBe('local');
    // The home clerk stands by on B and takes the session from there.
    const home = await connect(b, onC.home);
    const { roomId } = (await home.request('standby.open', { rtpCapabilities })).data as { roomId: string };
    const accepted = await home.request('session.accept', { sessionId: id, rtpCapabilities, standbyRoomId: roomId });
    expect(accepted.data).toMatchObject({ session: { status: 'active' }, joined: null });
    expect(b.services.rooms.room(roomId)).toBeUndefined();
    expect(b.services.rooms.room(id)).toBeUndefined();
    expect((await home.request('session.join', { sessionId: id, rtpCapabilities })).data).toMatchObject({ elsewhere: { nodeId: c!.services.placement.nodeId } });
  });

  it("sends a guest whose page another node served to the room's node, where the guest joins", async () => {
    const onC = await cookies(c!);
    const session = await activeSession({ url: c!.url, ...onC }, matterId, { idNumber: citizenId('33048219900101125') });
    for (let i = 0; i < 100 && !c!.services.rooms.room(session.id); i++) await sleep(20);
    expect(c!.services.rooms.room(session.id)).toBeDefined();
    // The local clerk invites and admits a guest; the guest's page (its knock, its cookie) comes from B.
    const invited = await call<{ invitation: GuestInvitation }>(c!.url, onC.local, 'POST', `/sessions/${session.id}/guests`, { role: 'sign_interpreter' });
    expect(invited.status).toBe(201);
    const token = invited.body.invitation.path.split('/').at(-1)!;
    const knock = await fetch(`${b.url}/api/public/guests/${token}/knock`, {
      method: 'POST',
      headers: { ...fromProductPage(b.url), 'content-type': 'application/json' },
      body: JSON.stringify({ name: '王小明' }),
    });
    expect(knock.status).toBe(201);
    const guestCookie = knock.headers.get('set-cookie')!.split(';')[0]!;
    expect((await call(c!.url, onC.local, 'POST', `/sessions/${session.id}/guests/${invited.body.invitation.guest.id}/admit`)).status).toBe(200);

    const onB = await TestSignalingClient.connect(b, guestCookie, '/ws/guest');
    clients.push(onB);
    const answer = (await onB.request('session.join', { sessionId: session.id })).data as RoomElsewhere;
    expect(answer.elsewhere).toMatchObject({ nodeId: c!.services.placement.nodeId, wsUrl: `${c!.url.replace('http', 'ws')}/ws/guest` });
    // The page opens the room node's guest signaling (from B's origin: another node's, accepted) and joins.
    const socket = new WebSocket(answer.elsewhere.wsUrl!, { headers: { origin: b.url, cookie: guestCookie } });
    const opened = await new Promise<number>((resolve) => {
      socket.once('open', () => resolve(101));
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    });
    socket.close();
    expect(opened).toBe(101);
    const onRoomNode = await TestSignalingClient.connect(c!, guestCookie, '/ws/guest');
    clients.push(onRoomNode);
    const joined = await onRoomNode.request('session.join', { sessionId: session.id });
    expect((joined.data as JoinedRoom).side).toBe('guest');
  });
});


/**
 * 第三方 (guests) against the real server: a clerk's invitation gives a one-time link stored only as
 * a hash; the guest knocks without an account and cannot open the call's WebSocket until the inviting
 * clerk admits them; once admitted they join the session's room (and nothing else); removal closes
 * their socket and the link; a reused, unknown or ended link is refused with its code and sentence,
 * one audit row, and nothing changed. Every invitation, knock, admission, refusal and removal is one
 * audit row.
 */
import { once } from 'node:events';
import { eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { auditLog, matters, sessionGuests } from '../support/tables';
import { GUEST_COOKIE, type GuestInvitation, type GuestPageView, type GuestView, type JoinedRoom } from '../../signaling/src/protocol';
import { hashSecret } from '../../signaling/src/guests/GuestService';
import { activeSession, call, type Clerks } from '../support/sessionSteps';
import { TestSignalingClient } from '../support/signalingClient';
import { fromProductPage, signInCookie, startTestServer, type TestServer } from '../support/testServer';

describe('guests (第三方)', () => {
  let server: TestServer;
  let clerks: Clerks;
  let matterId: number;

  beforeAll(async () => {
    server = await startTestServer({ VWINDOW_RECORDING: 'off' });
    clerks = { url: server.url, local: await signInCookie(server, 'lianshui.local'), home: await signInCookie(server, 'pinghu.home') };
    matterId = (await server.services.database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!.id;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const db = () => server.services.database.db;
  const lastAuditId = async () => (await db().select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id)).at(-1)?.id ?? 0;
  const auditSince = async (id: number) => await db().select().from(auditLog).where(gt(auditLog.id, id)).orderBy(auditLog.id);
  const guestRows = async () => await db().select().from(sessionGuests);

  /** A public request as the guest's page makes it (the product's Origin, the guest cookie if any). */
  async function publicCall<T>(method: string, path: string, options: { cookie?: string; json?: unknown } = {}) {
    const response = await fetch(`${server.url}/api/public${path}`, {
      method,
      headers: { ...fromProductPage(server.url, options.cookie), ...(options.json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
    });
    return { status: response.status, body: (await response.json()) as T & { error?: { code: string; message: string } }, cookie: response.headers.get('set-cookie')?.split(';')[0] };
  }

  async function invite(sessionId: string, cookie = clerks.local, role = 'sign_interpreter'): Promise<{ token: string; guest: GuestView }> {
    const answer = await call<{ invitation: GuestInvitation }>(server.url, cookie, 'POST', `/sessions/${sessionId}/guests`, { role });
    expect(answer.status).toBe(201);
    const token = answer.body.invitation.path.split('/').at(-1)!;
    return { token, guest: answer.body.invitation.guest };
  }

  /** The upgrade of /ws/guest: the status it is refused with, or 101 when it opens. */
  async function guestUpgrade(cookie?: string): Promise<{ status: number; socket?: WebSocket }> {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws/guest`, { headers: { origin: server.url, ...(cookie ? { cookie } : {}) } });
    const outcome = await Promise.race([
      once(socket, 'open').then(() => ({ status: 101, socket })),
      once(socket, 'unexpected-response').then(([, response]) => ({ status: (response as { statusCode: number }).statusCode })),
    ]);
    return outcome;
  }

  it('invites with a one-time link stored only as its hash; refuses anyone else, a bad role and a third guest', async () => {
    const session = await activeSession(clerks, matterId);
    const before = await lastAuditId();
    const { token, guest } = await invite(session.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(guest).toMatchObject({ status: 'invited', role: 'sign_interpreter', name: null, peerId: -guest.id });
    const row = (await guestRows()).find((r) => r.id === guest.id)!;
    expect(row.tokenHash).toBe(hashSecret(token));
    expect(JSON.stringify(await guestRows())).not.toContain(token);
    expect((await auditSince(before)).map((r) => r.action)).toEqual(['guest.invited']);

    const colleague = await signInCookie(server, 'pinghu.home2');
    const count = (await guestRows()).length;
    const refusedAt = await lastAuditId();
    const refused = await call<{ error: { code: string } }>(server.url, colleague, 'POST', `/sessions/${session.id}/guests`, { role: 'family_member' });
    expect(refused.status).toBe(403);
    expect((await auditSince(refusedAt)).map((r) => r.action)).toEqual(['guest.invite_refused']);
    const badRole = await call<{ error: { code: string } }>(server.url, clerks.local, 'POST', `/sessions/${session.id}/guests`, { role: 'lawyer' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.code).toBe('VALIDATION_FAILED');
    expect((await guestRows()).length).toBe(count);

    await invite(session.id, clerks.home, 'department_expert');
    const third = await call<{ error: { code: string; message: string } }>(server.url, clerks.local, 'POST', `/sessions/${session.id}/guests`, { role: 'family_member' });
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('GUEST_LIMIT_REACHED');
    expect((await guestRows()).length).toBe(count + 1);
  });

  it('keeps a guest who is not admitted out of the WebSocket; admits, joins the room, removes, and the link then refuses', async () => {
    const session = await activeSession(clerks, matterId);
    const { token, guest } = await invite(session.id);

    // No cookie at all, or a made-up one: no socket, 403 GUEST_NOT_ADMITTED, one audit row each.
    let before = await lastAuditId();
    expect((await guestUpgrade()).status).toBe(403);
    expect((await guestUpgrade(`${GUEST_COOKIE}=${'x'.repeat(43)}`)).status).toBe(403);
    expect((await auditSince(before)).map((r) => [r.action, (r.after as { reason: string }).reason])).toEqual([
      ['guest.join_refused', 'GUEST_NOT_ADMITTED'],
      ['guest.join_refused', 'GUEST_NOT_ADMITTED'],
    ]);

    const page = await publicCall<{ guest: GuestPageView }>('GET', `/guests/${token}`);
    expect(page.status).toBe(200);
    expect(page.body.guest).toMatchObject({ role: 'sign_interpreter', status: 'invited', sessionId: null });

    before = await lastAuditId();
    const knocked = await publicCall<{ guest: GuestPageView }>('POST', `/guests/${token}/knock`, { json: { name: ' 王\u202e小明 ' } });
    expect(knocked.status).toBe(201);
    expect(knocked.body.guest).toMatchObject({ status: 'knocking', name: '王小明', sessionId: null });
    const guestCookie = knocked.cookie!;
    expect(guestCookie.startsWith(`${GUEST_COOKIE}=`)).toBe(true);
    expect((await auditSince(before)).map((r) => r.action)).toEqual(['guest.knocked']);

    // Knocking, not admitted: still no socket.
    before = await lastAuditId();
    expect((await guestUpgrade(guestCookie)).status).toBe(403);
    expect((await auditSince(before)).map((r) => r.action)).toEqual(['guest.join_refused']);

    // The link was used by the knock: a second knock (or another browser opening it) is refused, nothing changes.
    const rowBefore = (await guestRows()).find((r) => r.id === guest.id);
    before = await lastAuditId();
    const again = await publicCall('POST', `/guests/${token}/knock`, { json: { name: '李四' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'GUEST_LINK_USED' });
    expect(again.body.error!.message).toMatch(/只能使用一次/);
    expect((await publicCall('GET', `/guests/${token}`)).status).toBe(409);
    expect((await guestRows()).find((r) => r.id === guest.id)).toEqual(rowBefore);
    expect((await auditSince(before)).map((r) => [r.action, (r.after as { reason: string }).reason])).toEqual([
      ['guest.link_refused', 'GUEST_LINK_USED'],
      ['guest.link_refused', 'GUEST_LINK_USED'],
    ]);
    // The guest's own browser still sees where it stands.
    expect((await publicCall<{ guest: GuestPageView }>('GET', `/guests/${token}`, { cookie: guestCookie })).body.guest.status).toBe('knocking');

    // Only the clerk who invited admits (the home clerk is refused, audited).
    before = await lastAuditId();
    const byOther = await call(server.url, clerks.home, 'POST', `/sessions/${session.id}/guests/${guest.id}/admit`);
    expect(byOther.status).toBe(403);
    const admitted = await call<{ guest: GuestView }>(server.url, clerks.local, 'POST', `/sessions/${session.id}/guests/${guest.id}/admit`);
    expect(admitted.status).toBe(200);
    expect(admitted.body.guest.status).toBe('admitted');
    expect((await auditSince(before)).map((r) => r.action)).toEqual(['guest.admit_refused', 'guest.admitted']);
    const twice = await call<{ error: { code: string } }>(server.url, clerks.local, 'POST', `/sessions/${session.id}/guests/${guest.id}/admit`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('GUEST_NOT_KNOCKING');

    // Admitted: the socket opens; the guest joins this session's room, and only that.
    const local = await TestSignalingClient.connect(server, clerks.local);
    expect((await local.request('session.join', { sessionId: session.id })).ok).toBe(true);
    const guestClient = await TestSignalingClient.connect(server, guestCookie, '/ws/guest');
    const other = await activeSession(clerks, matterId);
    const elsewhere = await guestClient.request('session.join', { sessionId: other.id });
    expect(elsewhere.error?.code).toBe('GUEST_NOT_ADMITTED');
    expect((await guestClient.request('chat.send', { sessionId: session.id, text: 'hi' })).error?.code).toBe('FORBIDDEN');
    const joined = await guestClient.request('session.join', { sessionId: session.id });
    expect(joined.ok).toBe(true);
    expect((joined.data as JoinedRoom).side).toBe('guest');
    expect((joined.data as JoinedRoom).peers.map((p) => p.side)).toEqual(['local']);
    expect(await local.waitFor('peer.joined')).toMatchObject({
      peer: { staffId: -guest.id, displayName: '王小明', side: 'guest', guestRole: 'sign_interpreter' },
    });

    // Removed: the socket closes, the clerk hears the guest left, and the link refuses from then on.
    before = await lastAuditId();
    const closed = once(guestClient.socket, 'close');
    const removed = await call<{ guest: GuestView }>(server.url, clerks.home, 'POST', `/sessions/${session.id}/guests/${guest.id}/remove`);
    expect(removed.status).toBe(200);
    expect(removed.body.guest.status).toBe('removed');
    await closed;
    await local.waitFor('peer.left');
    expect((await auditSince(before)).map((r) => r.action)).toEqual(['guest.removed']);
    expect((await publicCall('GET', `/guests/${token}`, { cookie: guestCookie })).body.error?.code).toBe('GUEST_LINK_USED');
    expect((await guestUpgrade(guestCookie)).status).toBe(403);
    local.close();
  });

  it('takes two guests at once into the room of the two clerks: four parties on one router', async () => {
    const session = await activeSession(clerks, matterId);
    const home = await TestSignalingClient.connect(server, clerks.home);
    expect((await home.request('session.join', { sessionId: session.id })).ok).toBe(true);
    const guests: TestSignalingClient[] = [];
    for (const [cookie, role, name] of [
      [clerks.local, 'sign_interpreter', '王小明'],
      [clerks.home, 'department_expert', '李专家'],
    ] as const) {
      const { token, guest } = await invite(session.id, cookie, role);
      const knocked = await publicCall('POST', `/guests/${token}/knock`, { json: { name } });
      expect((await call(server.url, cookie, 'POST', `/sessions/${session.id}/guests/${guest.id}/admit`)).status).toBe(200);
      const client = await TestSignalingClient.connect(server, knocked.cookie!, '/ws/guest');
      const joined = await client.request('session.join', { sessionId: session.id });
      expect(joined.ok).toBe(true);
      guests.push(client);
    }
    const local = await TestSignalingClient.connect(server, clerks.local);
    const joined = await local.request('session.join', { sessionId: session.id });
    expect((joined.data as JoinedRoom).peers.map((p) => [p.side, p.displayName, p.guestRole ?? null])).toEqual([
      ['home', '沈佳怡', null],
      ['guest', '王小明', 'sign_interpreter'],
      ['guest', '李专家', 'department_expert'],
    ]);
    expect(server.services.rooms.room(session.id)?.peerCount).toBe(4);
    for (const client of [home, local, ...guests]) client.close();
  });

  it('refuses a knocking guest (audited) and refuses every link of a session that ended, storing nothing', async () => {
    const session = await activeSession(clerks, matterId);
    const first = await invite(session.id);
    const knocked = await publicCall('POST', `/guests/${first.token}/knock`, { json: { name: '张三' } });
    expect(knocked.status).toBe(201);
    let before = await lastAuditId();
    const refused = await call<{ guest: GuestView }>(server.url, clerks.local, 'POST', `/sessions/${session.id}/guests/${first.guest.id}/refuse`);
    expect(refused.body.guest.status).toBe('refused');
    expect((await auditSince(before)).map((r) => r.action)).toEqual(['guest.refused']);
    expect((await guestUpgrade(knocked.cookie)).status).toBe(403);

    const second = await invite(session.id, clerks.home, 'family_member');
    expect((await call(server.url, clerks.local, 'POST', `/sessions/${session.id}/end`)).status).toBe(200);
    const rowsBefore = await guestRows();
    before = await lastAuditId();
    const page = await publicCall('GET', `/guests/${second.token}`);
    expect(page.status).toBe(410);
    expect(page.body.error).toMatchObject({ code: 'GUEST_LINK_EXPIRED' });
    const knock = await publicCall('POST', `/guests/${second.token}/knock`, { json: { name: '赵六' } });
    expect(knock.status).toBe(410);
    expect(knock.cookie).toBeUndefined();
    expect(await guestRows()).toEqual(rowsBefore);
    expect((await auditSince(before)).map((r) => [r.action, (r.after as { reason: string }).reason])).toEqual([
      ['guest.link_refused', 'GUEST_LINK_EXPIRED'],
      ['guest.link_refused', 'GUEST_LINK_EXPIRED'],
    ]);

    // An unknown link: 404 with its sentence; a malformed one: 400.
    const unknown = await publicCall('GET', `/guests/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe('GUEST_LINK_INVALID');
    expect((await publicCall('GET', '/guests/short')).status).toBe(400);
    // A clerk cannot invite into an ended session.
    const late = await call<{ error: { code: string } }>(server.url, clerks.local, 'POST', `/sessions/${session.id}/guests`, { role: 'family_member' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('SESSION_NOT_ACTIVE');
  });
});

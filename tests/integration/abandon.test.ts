/**
 * Sessions nobody is at any more, against the real server with short times: a waiting session whose
 * local window went away leaves the queue, an active one whose two clerks both went away is ended;
 * both marked 已放弃 and audited. While someone is there nothing happens.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, matters } from '../support/tables';
import type { QueueEntry, SessionView } from '../../signaling/src/protocol';
import { call, citizenId } from '../support/sessionSteps';
import { TestSignalingClient } from '../support/signalingClient';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';
import { recordingNoticePath } from '../support/recordingNotice';

describe('abandoned sessions', () => {
  let server: TestServer;
  let local: string;
  let home: string;
  let matterId: number;

  beforeAll(async () => {
    server = await startTestServer({ VWINDOW_ABANDON_WAITING_SECONDS: '2', VWINDOW_ABANDON_ACTIVE_SECONDS: '2' });
    [local, home] = await Promise.all([signInCookie(server, 'lianshui.local'), signInCookie(server, 'pinghu.home')]);
    matterId = (await server.services.database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!.id;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const start = async () => {
    const started = await call<{ session: SessionView }>(server.url, local, 'POST', '/sessions', {
      citizenName: '陈先生',
      citizenIdNumber: citizenId(),
      citizenPhone: '13800138000',
      homeJurisdictionCode: '330482',
      matterId,
    });
    expect(started.status).toBe(201);
    expect((await call(server.url, local, 'POST', recordingNoticePath(started.body.session.id).replace(/^\/api/, ''))).status).toBe(201);
    return started.body.session.id;
  };
  const status = async (id: string) => (await call<{ session: SessionView }>(server.url, local, 'GET', `/sessions/${id}`)).body.session;
  const queue = async () => (await call<{ queue: QueueEntry[] }>(server.url, home, 'GET', '/queue')).body.queue.map((entry) => entry.id);
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('takes a waiting session out of the queue once its local window has been gone for the set time', async () => {
    const window = await TestSignalingClient.connect(server, local);
    const homeConsole = await TestSignalingClient.connect(server, home);
    const id = await start();
    // The local window is there: well past the set time, the session still waits.
    await pause(3500);
    expect((await status(id)).status).toBe('waiting');
    expect(await queue()).toContain(id);

    window.close();
    await expect.poll(async () => (await status(id)).status, { timeout: 15_000, interval: 250 }).toBe('cancelled');
    const session = await status(id);
    expect(session.endReason).toMatch(/^已放弃：收件窗口离开超过 1 分钟/);
    expect(session.endedBy).toBeNull();
    expect(await queue()).not.toContain(id);
    await homeConsole.waitFor('queue.changed', (d: { queue: { id: string }[] }) => !d.queue.some((entry) => entry.id === id));
    const audited = await server.services.database.db.select().from(auditLog).where(eq(auditLog.entityId, id)).orderBy(auditLog.id);
    expect(audited.map((row) => [row.action, row.actorId])).toEqual([
      ['session.created', expect.any(Number)],
      ['session.recording_notice_confirmed', expect.any(Number)],
      ['session.abandoned', null],
    ]);
    homeConsole.close();
  });

  it('shows in the queue, live, whether the local window that started a session is still there', async () => {
    const homeConsole = await TestSignalingClient.connect(server, home);
    const window = await TestSignalingClient.connect(server, local);
    const id = await start();
    const entry = async () => (await call<{ queue: QueueEntry[] }>(server.url, home, 'GET', '/queue')).body.queue.find((e) => e.id === id);
    expect(await entry()).toMatchObject({ localWindowOnline: true });
    window.close();
    await homeConsole.waitFor('queue.changed', (d: { queue: QueueEntry[] }) => d.queue.some((e) => e.id === id && !e.localWindowOnline));
    expect(await entry()).toMatchObject({ localWindowOnline: false });
    const back = await TestSignalingClient.connect(server, local);
    await homeConsole.waitFor('queue.changed', (d: { queue: QueueEntry[] }) => d.queue.some((e) => e.id === id && e.localWindowOnline));
    await call(server.url, local, 'POST', `/sessions/${id}/cancel`);
    back.close();
    homeConsole.close();
  });

  it('ends an active session only when neither clerk has been connected for the set time', async () => {
    const window = await TestSignalingClient.connect(server, local);
    const homeWindow = await TestSignalingClient.connect(server, home);
    const id = await start();
    expect((await call(server.url, home, 'POST', `/sessions/${id}/accept`)).status).toBe(200);
    // One side gone: the other is still there, the call goes on.
    window.close();
    await pause(3500);
    expect((await status(id)).status).toBe('active');

    homeWindow.close();
    await expect.poll(async () => (await status(id)).status, { timeout: 15_000, interval: 250 }).toBe('ended');
    expect((await status(id)).endReason).toMatch(/^已放弃：双方窗口都离开超过/);
    const abandoned = await server.services.database.db.select().from(auditLog).where(eq(auditLog.action, 'session.abandoned'));
    expect(abandoned.find((row) => row.entityId === id)).toMatchObject({ actorId: null, before: { status: 'active' }, after: { status: 'ended' } });
  });
});

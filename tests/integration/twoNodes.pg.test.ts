/**
 * Two nodes, one store, live events over PostgreSQL LISTEN/NOTIFY (issue 20): what is changed through
 * node A reaches the consoles connected to node B, as the same views node A's own consoles get, and the
 * other way round. Two real servers in this process, each with its own port, workers and listening
 * connection on one test PostgreSQL database, which is also their store (and one shared data
 * directory, as nodes share it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgres, type TestPostgres } from '@vwindow/db/testing/testPostgres';
import type { CaptureView, ChatMessage, GuestInvitation, QueueEntry, SessionView, SignatureView, SigningDocumentView } from '../../signaling/src/protocol';
import { recordingNoticePath } from '../support/recordingNotice';
import { matters } from '../support/tables';
import { documentPageJpeg } from '../support/sampleFiles';
import { call, startSession } from '../support/sessionSteps';
import { dataUrl, drawnSignature } from '../support/signaturePng';
import { TestSignalingClient } from '../support/signalingClient';
import { fromProductPage, signInCookie, startTestServer, type TestServer } from '../support/testServer';

let bus: TestPostgres;
let dataDir: string;
let a: TestServer;
let b: TestServer;
let matterId: number;
/** Cookies: each sign-in is a row of the shared store, valid on either node. */
let local: string;
let home: string;
let home2: string;
let supervisor: string;

/** What the nodes share as their store: today one SQLite data directory; with the PostgreSQL store, `{ VWINDOW_DATABASE_URL: bus.databaseUrl }`. */
const sharedStore = (): Record<string, string> => ({ VWINDOW_DATA_DIR: dataDir, VWINDOW_DATABASE_URL: bus.databaseUrl });

beforeAll(async () => {
  bus = await createTestPostgres({ maxConnections: 2 });
  dataDir = mkdtempSync(join(tmpdir(), 'vwindow-two-nodes-'));
  // One after the other: the first start migrates and seeds the store.
  a = await startTestServer(sharedStore(), { liveEvents: { databaseUrl: bus.databaseUrl, nodeId: 'node-a' } });
  b = await startTestServer(sharedStore(), { liveEvents: { databaseUrl: bus.databaseUrl, nodeId: 'node-b' } });
  [local, home, home2, supervisor] = await Promise.all([
    signInCookie(a, 'lianshui.local'),
    signInCookie(b, 'pinghu.home'),
    signInCookie(a, 'pinghu.home2'),
    signInCookie(b, 'pinghu.supervisor'),
  ]);
  matterId = (await a.services.database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!.id;
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  await bus?.dispose();
});

const queued = (id: string) => (d: { queue: QueueEntry[] }) => d.queue.some((q) => q.id === id);

const startSessionOn = (node: TestServer): Promise<SessionView> => startSession(node.url, local, matterId);

describe('two nodes over one store, live events by PostgreSQL LISTEN/NOTIFY', () => {
  it('a queue change made on A reaches a console on B, the same queue view as a console on A', async () => {
    // The local clerk's window is connected to A; a home clerk's console to B, another to A.
    const window = await TestSignalingClient.connect(a, local);
    const onB = await TestSignalingClient.connect(b, home);
    const onA = await TestSignalingClient.connect(a, home2);
    await onB.waitFor('queue.changed');
    await onA.waitFor('queue.changed');

    const session = await startSessionOn(a);
    const seenOnB = (await onB.waitFor('queue.changed', queued(session.id))) as { jurisdictionCode: string; queue: QueueEntry[] };
    const seenOnA = (await onA.waitFor('queue.changed', queued(session.id))) as { jurisdictionCode: string; queue: QueueEntry[] };
    expect(seenOnB).toEqual(seenOnA);
    // B knows the local window is connected (to A): presence over nodes.
    expect(seenOnB.queue.find((q) => q.id === session.id)).toMatchObject({ localWindowOnline: true, callReady: false });

    // The recording notice confirmed through B opens the call: the queue on both nodes shows it.
    expect((await call(b.url, local, 'POST', recordingNoticePath(session.id).replace(/^\/api/, ''))).status).toBe(201);
    const open = (d: { queue: QueueEntry[] }) => d.queue.some((q) => q.id === session.id && q.callReady);
    expect(await onA.waitFor('queue.changed', open)).toEqual(await onB.waitFor('queue.changed', open));

    // Accepted through B: the local clerk's window on A hears of it, and the session leaves A's queue.
    const accepted = await call<{ session: SessionView }>(b.url, home, 'POST', `/sessions/${session.id}/accept`);
    expect(accepted.status).toBe(200);
    const update = (await window.waitFor('session.updated', (d: { session: SessionView }) => d.session.id === session.id && d.session.status === 'active')) as { session: SessionView };
    expect(update.session).toEqual(accepted.body.session);
    await onA.waitFor('queue.changed', (d: { queue: QueueEntry[] }) => !d.queue.some((q) => q.id === session.id));

    // The local window closes on A: B's view of presence follows (the queue's mark, abandonment).
    const staffId = update.session.localClerk.id;
    expect(b.services.sessions).toBeDefined();
    window.close();
    await until(() => presenceOf(b, staffId) !== null, 'node B to see the local clerk leave node A');
    for (const client of [onA, onB]) client.close();
    await call(b.url, home, 'POST', `/sessions/${session.id}/end`);
  });

  it('chat, captures, guests, the identity verdict, case changes and signatures made on one node reach the consoles on the other', async () => {
    const window = await TestSignalingClient.connect(a, local);
    const homeConsole = await TestSignalingClient.connect(b, home);
    const watching = await TestSignalingClient.connect(b, supervisor);
    const session = await startSessionOn(a);
    expect((await call(a.url, local, 'POST', recordingNoticePath(session.id).replace(/^\/api/, ''))).status).toBe(201);
    expect((await call(a.url, home, 'POST', `/sessions/${session.id}/accept`)).status).toBe(200);
    // Made on A (the home clerk's request went there): the home clerk's console on B hears of it.
    await homeConsole.waitFor('session.updated', (d: { session: SessionView }) => d.session.id === session.id && d.session.status === 'active');

    // Chat sent on B's connection reaches the local window on A, and the supervisor on B, as the sender got it.
    const sent = (await homeConsole.request('chat.send', { sessionId: session.id, text: '请出示身份证' })) as { ok: boolean; data: { message: ChatMessage } };
    expect(sent.ok).toBe(true);
    expect(await window.waitFor('chat.message', (d: { message: ChatMessage }) => d.message.id === sent.data.message.id)).toEqual({ message: sent.data.message });
    expect(await watching.waitFor('chat.message', (d: { message: ChatMessage }) => d.message.id === sent.data.message.id)).toEqual({ message: sent.data.message });

    // A capture uploaded through A reaches the home console on B as capture.new.
    const upload = await fetch(`${a.url}/api/sessions/${session.id}/captures`, {
      method: 'POST',
      headers: { ...fromProductPage(a.url, local), 'content-type': 'image/jpeg', 'x-capture-material': 'other', 'x-capture-kind': 'still' },
      body: new Uint8Array(documentPageJpeg()),
    });
    expect(upload.status).toBe(201);
    const { capture } = (await upload.json()) as { capture: CaptureView };
    expect(await homeConsole.waitFor('capture.new', (d: { capture: CaptureView }) => d.capture.id === capture.id)).toEqual({ capture });
    // Its review through B reaches the local window on A as capture.updated.
    const reviewed = await call<{ capture: CaptureView }>(b.url, home, 'POST', `/captures/${capture.id}/review`, { status: 'accepted' });
    expect(reviewed.status).toBe(200);
    expect(await window.waitFor('capture.updated', (d: { capture: CaptureView }) => d.capture.id === capture.id)).toEqual({ capture: reviewed.body.capture });

    // A guest invited through A: the home console on B sees the invitation.
    const invited = await call<{ invitation: GuestInvitation }>(a.url, local, 'POST', `/sessions/${session.id}/guests`, { role: 'family_member' });
    expect(invited.status).toBe(201);
    expect(await homeConsole.waitFor('guest.updated', (d: { guest: { id: number } }) => d.guest.id === invited.body.invitation.guest.id)).toEqual({ guest: invited.body.invitation.guest });

    // The verdict recorded through B reaches the local window on A.
    const verdict = await call<{ verdict: unknown }>(b.url, home, 'POST', `/sessions/${session.id}/identity`, { verdict: 'verified', captureIds: [capture.id] });
    expect(verdict.status).toBe(201);
    expect(await window.waitFor('identity.recorded', (d: { sessionId: string }) => d.sessionId === session.id)).toEqual({ sessionId: session.id, verdict: verdict.body.verdict });

    // The case received through B, then accepted through A: the local window on A and the home console on B hear each step.
    const created = await call<{ case: { id: number; caseNumber: string; status: string } }>(b.url, home, 'POST', `/sessions/${session.id}/case`, { confirmGaps: true });
    expect(created.status).toBe(201);
    const kase = created.body.case;
    const step = (status: string) => (d: { caseId: number; status: string }) => d.caseId === kase.id && d.status === status;
    expect(await window.waitFor('case.updated', step('received'))).toEqual({ sessionId: session.id, caseId: kase.id, caseNumber: kase.caseNumber, status: 'received' });
    expect((await call(a.url, home, 'POST', `/cases/${kase.id}/decision`, { action: 'accept' })).status).toBe(200);
    expect(await homeConsole.waitFor('case.updated', step('accepted'))).toEqual({ sessionId: session.id, caseId: kase.id, caseNumber: kase.caseNumber, status: 'accepted' });
    expect(await watching.waitFor('case.updated', step('accepted'))).toEqual({ sessionId: session.id, caseId: kase.id, caseNumber: kase.caseNumber, status: 'accepted' });

    // The citizen signs on the kiosk of the local window (requests to A): the home console on B sees the signature.
    const made = await call<{ document: SigningDocumentView }>(a.url, local, 'POST', `/cases/${kase.id}/signing-documents`, { kind: 'application_form' });
    expect(made.status).toBe(201);
    const signed = await call<{ signature: SignatureView }>(a.url, local, 'POST', `/signing-documents/${made.body.document.id}/signatures`, { documentSha256: made.body.document.sha256, image: dataUrl(drawnSignature()) });
    expect(signed.status).toBe(201);
    expect(await homeConsole.waitFor('signature.added', (d: { signature: { id: string } }) => d.signature.id === signed.body.signature.id)).toEqual({ sessionId: session.id, caseId: kase.id, signature: signed.body.signature });

    await call(a.url, home, 'POST', `/sessions/${session.id}/end`);
    await window.waitFor('session.updated', (d: { session: SessionView }) => d.session.id === session.id && d.session.status === 'ended');
    for (const client of [window, homeConsole, watching]) client.close();
  });

  it('node B, back after losing its listening connection, sends its consoles what they show again, and later changes still arrive', async () => {
    const window = await TestSignalingClient.connect(a, local);
    const onB = await TestSignalingClient.connect(b, home);
    await onB.waitFor('queue.changed');
    const waiting = await startSessionOn(a);
    await onB.waitFor('queue.changed', queued(waiting.id));
    const { rows } = await bus.pool.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'vwindow-live node-b'");
    expect(rows).toHaveLength(1);
    await bus.pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    // Nothing changed meanwhile: the queue pushed now is the resync's, and the local window on A still counts as there.
    const resent = (await onB.waitFor('queue.changed', queued(waiting.id), 10_000)) as { queue: QueueEntry[] };
    expect(resent.queue.find((q) => q.id === waiting.id)).toMatchObject({ localWindowOnline: true });
    const later = await startSessionOn(a);
    await onB.waitFor('queue.changed', queued(later.id));
    for (const session of [waiting, later]) expect((await call(a.url, local, 'POST', `/sessions/${session.id}/cancel`)).status).toBe(200);
    await onB.waitFor('queue.changed', (d: { queue: QueueEntry[] }) => !d.queue.some((q) => q.id === waiting.id || q.id === later.id));
    for (const client of [window, onB]) client.close();
  });
});

function presenceOf(node: TestServer, staffId: number): number | null {
  return node.services.staffPresence.offlineSince(staffId);
}

async function until(done: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

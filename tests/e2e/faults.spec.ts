/**
 * Faults with real media, on a server process this file controls (not Playwright's webServer, which
 * cannot be restarted): in one call between two Chromium pages, the mediasoup worker is killed, and
 * later the whole server is stopped and started again on the same data. Each time the video comes
 * back on both sides (new consumers, frames decoded), and everything that was accepted before —
 * captures, chat, the identity verdict, the case — is still there, the audit chain intact.
 */
import { createHash } from 'node:crypto';
import { expect, test, type BrowserContext } from '@playwright/test';
import { SIGN_IN_COOKIE } from '../../signaling/src/protocol/auth';
import type { RunningServer } from '../../signaling/src/server';
import { apiRequest } from '../support/apiClient';
import { documentPageJpeg } from '../support/sampleFiles';
import { ServerProcess } from '../support/serverProcess';
import { TestSignalingClient } from '../support/signalingClient';
import { expectRestartedAndRising, expectRising, received, startCall, type Call } from './callHelpers';

// Ports of its own next to the shared e2e server's (VW_E2E_RTC_PORT_BASE…+9 are that server's).
const RTC_PORT_BASE = Number(process.env.VW_E2E_RTC_PORT_BASE ?? 42000) + 50;

test.describe('faults during a call', () => {
  test.describe.configure({ timeout: 240_000 });
  let server: ServerProcess;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    // One worker: the one that dies is the call's. Recording on (the default): every segment written
    // before and after each fault must be in the audit chain with the sha256 it has on disk.
    server = new ServerProcess({ VWINDOW_WORKERS: '1', VWINDOW_RTC_PORT_BASE: String(RTC_PORT_BASE) });
    await server.start();
  });
  test.afterAll(async () => {
    await server?.dispose();
  });

  test('a killed worker and a restarted server: media back both ways, nothing accepted lost', async ({ browser }, testInfo) => {
    const call: Call = await startCall({ local: browser, home: browser, contextOptions: { baseURL: server.url } });
    const { localPage, homePage, sessionId } = call;
    const cookieOf = async (context: BrowserContext) => {
      const cookie = (await context.cookies()).find((c) => c.name === SIGN_IN_COOKIE);
      if (!cookie) throw new Error('not signed in');
      return `${cookie.name}=${cookie.value}`;
    };
    const local = await cookieOf(call.localContext);
    const home = await cookieOf(call.homeContext);
    const api = (cookie: string, method: string, path: string, body?: unknown) =>
      apiRequest(server.url, { method, path: `/api${path}`, cookie, ...(body === undefined ? {} : { json: body }) });
    const chat = async (text: string) => {
      const client = await TestSignalingClient.connect({ url: server.url } as RunningServer, local);
      const sent = await client.request('chat.send', { sessionId, text });
      client.close();
      expect(sent.ok, JSON.stringify(sent.error)).toBe(true);
    };
    const bothCamerasBack = async (before: [number, number], timeout: number) => {
      await Promise.all([expectRestartedAndRising(localPage, 'camera', before[0], timeout), expectRestartedAndRising(homePage, 'camera', before[1], timeout)]);
      await Promise.all([expectRising(localPage, 'microphone', 'packetsReceived', timeout), expectRising(homePage, 'microphone', 'packetsReceived', timeout)]);
    };
    const framesNow = async (): Promise<[number, number]> => [await received(localPage, 'camera', 'framesDecoded'), await received(homePage, 'camera', 'framesDecoded')];

    try {
      await Promise.all([expectRising(localPage, 'camera'), expectRising(homePage, 'camera')]);

      // What the clerks did before anything went wrong: a capture, a chat line, the verdict, the case.
      const jpeg = documentPageJpeg();
      const uploaded = await apiRequest(server.url, {
        method: 'POST',
        path: `/api/sessions/${sessionId}/captures`,
        cookie: local,
        raw: { body: new Uint8Array(jpeg), headers: { 'content-type': 'image/jpeg', 'x-capture-material': 'other', 'x-capture-kind': 'still' } },
      });
      expect(uploaded.status).toBe(201);
      const capture = (uploaded.body as { capture: { id: string; sha256: string } }).capture;
      expect(capture.sha256).toBe(createHash('sha256').update(jpeg).digest('hex'));
      await chat('请出示身份证正面');
      expect((await api(home, 'POST', `/sessions/${sessionId}/identity`, { verdict: 'verified' })).status).toBe(201);
      const received201 = await api(home, 'POST', `/sessions/${sessionId}/case`, { confirmGaps: true });
      expect(received201.status).toBe(201);
      const caseNumber = (received201.body as { case: { caseNumber: string } }).case.caseNumber;
      const chatLines = ['请出示身份证正面'];

      const nothingLost = async (when: string) => {
        const session = await api(local, 'GET', `/sessions/${sessionId}`);
        expect(session.body, when).toMatchObject({ session: { status: 'active' } });
        const captures = (await api(home, 'GET', `/sessions/${sessionId}/captures`)).body as { captures: { id: string; sha256: string }[] };
        expect(captures.captures.map((c) => [c.id, c.sha256]), when).toContainEqual([capture.id, capture.sha256]);
        const file = await api(home, 'GET', `/captures/${capture.id}/file`);
        expect([file.status, file.headers.get('x-capture-sha256'), file.headers.get('content-length')], when).toEqual([200, capture.sha256, String(jpeg.length)]);
        const messages = (await api(home, 'GET', `/sessions/${sessionId}/chat`)).body as { messages: { text: string }[] };
        expect(messages.messages.map((m) => m.text), when).toEqual(chatLines);
        const identity = (await api(local, 'GET', `/sessions/${sessionId}/identity`)).body as { identity: { latest: { verdict: string } | null } };
        expect(identity.identity.latest?.verdict, when).toBe('verified');
        const kase = (await api(local, 'GET', `/sessions/${sessionId}/case`)).body as { case: { caseNumber: string } };
        expect(kase.case.caseNumber, when).toBe(caseNumber);
      };

      await test.step('the mediasoup worker is killed mid-call', async () => {
        const before = await framesNow();
        const workers = server.workerPids();
        expect(workers).toHaveLength(1);
        const killedAt = Date.now();
        process.kill(workers[0]!, 'SIGKILL');
        await bothCamerasBack(before, 30_000);
        testInfo.annotations.push({ type: 'video back both ways after the worker kill', description: `${Date.now() - killedAt} ms` });
        expect(server.workerPids()).not.toContain(workers[0]);
        await nothingLost('after the worker kill');
        // The call goes on: what is said now is kept too.
        await chat('身份证已核验');
        chatLines.push('身份证已核验');
      });

      await test.step('the server process is stopped and started again mid-session', async () => {
        const before = await framesNow();
        const stoppedAt = Date.now();
        await server.stop();
        testInfo.annotations.push({ type: 'server stopped in', description: `${Date.now() - stoppedAt} ms` });
        await server.start();
        testInfo.annotations.push({ type: 'server ready again after', description: `${Date.now() - stoppedAt} ms` });
        await bothCamerasBack(before, 60_000);
        testInfo.annotations.push({ type: 'video back both ways after the restart', description: `${Date.now() - stoppedAt} ms` });
        await nothingLost('after the restart');
        await expect(localPage).toHaveURL(new RegExp(`/local/sessions/${sessionId}$`));
        await expect(homePage).toHaveURL(new RegExp(`/home/sessions/${sessionId}$`));
      });

      // The audit chain is whole after both faults.
      const supervisor = await apiRequest(server.url, { method: 'POST', path: '/api/auth/sign-in', json: { username: 'pinghu.supervisor', password: 'Window@2026' } });
      const cookie = supervisor.headers.get('set-cookie')!.split(';')[0]!;
      const verdict = (await api(cookie, 'GET', '/audit/verify')).body;
      expect(verdict, JSON.stringify(verdict)).toMatchObject({ audit: { ok: true } });
      // The recording went on through both faults: the tracks of the rooms before them are finished and hashed.
      expect((verdict as { audit: { recordingSegments?: number } }).audit.recordingSegments ?? 0).toBeGreaterThanOrEqual(4);
      console.log(testInfo.annotations.filter((a) => /^(video|server)/.test(a.type)).map((a) => `${a.type}: ${a.description ?? ''}`).join('; '));
    } finally {
      await call.close(testInfo);
    }
  });
});

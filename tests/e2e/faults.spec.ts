/**
 * Faults with real media, on a server process this file controls (not Playwright's webServer, which
 * cannot be restarted): in one call between two Chromium pages, the mediasoup worker is killed, and
 * later the whole server is stopped and started again on the same data. Each time the video comes
 * back on both sides (new consumers, frames decoded), and everything that was accepted before —
 * captures, chat, the identity verdict, the case — is still there, the audit chain intact.
 */
import { expect, test } from '@playwright/test';
import { apiRequest } from '../support/apiClient';
import { ServerProcess } from '../support/serverProcess';
import { acceptWork } from './acceptedWork';
import { cameraFrames, expectMediaBackBothWays, expectRising, startCall, type Call } from './callHelpers';

// Ports of its own next to the shared e2e server's (VW_E2E_RTC_PORT_BASE…+9 are that server's).
const RTC_PORT_BASE = Number(process.env.VW_E2E_RTC_PORT_BASE ?? 22000) + 50;

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

    try {
      await Promise.all([expectRising(localPage, 'camera'), expectRising(homePage, 'camera')]);

      // What the clerks did before anything went wrong: a capture, a chat line, the verdict, the case.
      const work = await acceptWork(call, () => server.url);

      await test.step('the mediasoup worker is killed mid-call', async () => {
        const before = await cameraFrames(call);
        const workers = server.workerPids();
        expect(workers).toHaveLength(1);
        const killedAt = Date.now();
        process.kill(workers[0]!, 'SIGKILL');
        await expectMediaBackBothWays(call, before, 30_000);
        testInfo.annotations.push({ type: 'video back both ways after the worker kill', description: `${Date.now() - killedAt} ms` });
        expect(server.workerPids()).not.toContain(workers[0]);
        await work.nothingLost('after the worker kill');
        // The call goes on: what is said now is kept too.
        await work.chat('身份证已核验');
      });

      await test.step('the server process is stopped and started again mid-session', async () => {
        const before = await cameraFrames(call);
        const stoppedAt = Date.now();
        await server.stop();
        testInfo.annotations.push({ type: 'server stopped in', description: `${Date.now() - stoppedAt} ms` });
        await server.start();
        testInfo.annotations.push({ type: 'server ready again after', description: `${Date.now() - stoppedAt} ms` });
        await expectMediaBackBothWays(call, before, 60_000);
        testInfo.annotations.push({ type: 'video back both ways after the restart', description: `${Date.now() - stoppedAt} ms` });
        await work.nothingLost('after the restart');
        await expect(localPage).toHaveURL(new RegExp(`/local/sessions/${sessionId}$`));
        await expect(homePage).toHaveURL(new RegExp(`/home/sessions/${sessionId}$`));
      });

      // The audit chain is whole after both faults.
      const supervisor = await apiRequest(server.url, { method: 'POST', path: '/api/auth/sign-in', json: { username: 'pinghu.supervisor', password: 'Window@2026' } });
      const cookie = supervisor.headers.get('set-cookie')!.split(';')[0]!;
      const verdict = (await apiRequest(server.url, { method: 'GET', path: '/api/audit/verify', cookie })).body;
      expect(verdict, JSON.stringify(verdict)).toMatchObject({ audit: { ok: true } });
      // The recording went on through both faults: the tracks of the rooms before them are finished and hashed.
      expect((verdict as { audit: { recordingSegments?: number } }).audit.recordingSegments ?? 0).toBeGreaterThanOrEqual(4);
      console.log(testInfo.annotations.filter((a) => /^(video|server)/.test(a.type)).map((a) => `${a.type}: ${a.description ?? ''}`).join('; '));
    } finally {
      await call.close(testInfo);
    }
  });
});

/**
 * 录音录像 through the pages: the local clerk's waiting page holds the call until the citizen was told
 * (本次服务全程录音录像 on the citizen page, then 已告知群众，确认); a recorded call with a chat line, an
 * identity verdict and a case is played back by the home clerk (session and case pages) and the
 * supervisor (session page) with the session's moments as marks: the identity-verdict mark seeks the
 * player there. A local clerk of another session is refused the recording and its files (403).
 */
import type { Page } from '@playwright/test';
import type { SessionRecordingView } from '../../signaling/src/protocol/recordings';
import type { SessionView } from '../../signaling/src/protocol/sessions';
import { expect, idNumberFor, productApi, signedIn, test } from './fixtures';
import { PINGHU, startCall } from './callHelpers';
import { expectCitizenPageChecks } from './elderlyChecks';

/** Clicks the identity-verdict mark and checks that the player went there (its position, and the video's time inside its segment). */
async function seeksToVerdict(page: Page, recording: SessionRecordingView): Promise<void> {
  const player = page.getByTestId('recording-player');
  await expect(player).toBeVisible({ timeout: 15_000 });
  for (const kind of ['call_started', 'identity_verdict', 'chat', 'case_received', 'call_ended']) await expect(player.locator(`[data-mark-kind="${kind}"]`).first()).toBeVisible();
  const mark = recording.marks.find((m) => m.kind === 'identity_verdict')!;
  const picture = recording.entries.filter((e) => e.entry === 'segment' && e.side === 'local' && e.source === 'camera').sort((a, b) => a.offset - b.offset);
  const segment = picture.find((e) => mark.offset < e.offset + e.duration) ?? picture.at(-1)!;
  const expectedTime = Math.max(0, mark.offset - segment.offset);
  await player.locator('[data-mark-kind="identity_verdict"]').click();
  await expect.poll(async () => Number(await player.getAttribute('data-position')), { timeout: 10_000 }).toBeCloseTo(Math.max(mark.offset, segment.offset), 0);
  const currentTime = await page.getByTestId('recording-video').evaluate((video: HTMLVideoElement) => video.currentTime);
  expect(Math.abs(currentTime - expectedTime)).toBeLessThan(0.6);
  expect(await page.getByTestId('recording-video').evaluate((video: HTMLVideoElement) => new URL(video.currentSrc).pathname)).toBe(segment.url);
}

test.describe('recording', () => {
  test.describe.configure({ timeout: 180_000 });

  test('the notice holds the call back until confirmed', async ({ browser }) => {
    const local = await signedIn(browser, 'lianshui.local', '/local');
    const home = await signedIn(browser, 'pinghu.home', '/home');
    try {
      const matters = (await (await local.page.request.get(`/api/catalog/matters?jurisdiction=${PINGHU}`)).json()) as { matters: { id: number }[] };
      const started = await productApi(local.page).post('/api/sessions', {
        data: { citizenName: '陈先生', citizenIdNumber: idNumberFor('33048219880315', 7), citizenPhone: '13800138000', homeJurisdictionCode: PINGHU, matterId: matters.matters[0]!.id },
      });
      expect(started.status()).toBe(201);
      const { session } = (await started.json()) as { session: SessionView };
      await local.page.goto(`/local/sessions/${session.id}`);
      const panel = local.page.getByTestId('recording-notice-panel');
      await expect(panel).toContainText('本次服务全程录音录像');

      // Not yet told: the home queue says so, its 受理 is off, and the server refuses an accept.
      const row = home.page.locator(`tr[data-session-id="${session.id}"]`);
      await expect(row).toContainText('收件窗口尚未告知群众全程录音录像');
      await expect(row.getByRole('button', { name: /受理/ })).toBeDisabled();
      const refused = await productApi(home.page).post(`/api/sessions/${session.id}/accept`);
      expect(refused.status()).toBe(409);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('RECORDING_NOTICE_REQUIRED');

      // The citizen's page at the local window, then the clerk's confirmation.
      const citizen = await local.context.newPage();
      await citizen.goto(`/recording-notice/${session.id}?kiosk=1`);
      await expect(citizen.getByTestId('recording-notice')).toHaveText('本次服务全程录音录像');
      await expectCitizenPageChecks(citizen, 'the recording notice on the kiosk');
      await citizen.close();
      await panel.getByRole('button', { name: '已告知群众，确认' }).click();
      await expect(local.page.getByTestId('recording-notice-confirmed')).toBeVisible();
      // The queue is told at once.
      await expect(row.getByRole('button', { name: /受理/ })).toBeEnabled();
      await expect(row).not.toContainText('尚未告知');
      expect((await productApi(home.page).post(`/api/sessions/${session.id}/accept`)).status()).toBe(200);
      expect((await productApi(home.page).post(`/api/sessions/${session.id}/end`, { data: {} })).ok()).toBe(true);
    } finally {
      await Promise.all([local.context.close(), home.context.close()]);
    }
  });

  test('home clerk and supervisor play the recording with its marks; the verdict mark seeks there; others get 403', async ({ browser }, testInfo) => {
    const call = await startCall(browser);
    const { localPage, homePage, sessionId } = call;
    try {
      const home = productApi(homePage);
      await expect.poll(async () => (await (await home.get(`/api/sessions/${sessionId}`)).json()) as { session: SessionView }).toMatchObject({ session: { status: 'active' } });
      // A few seconds of call, then the moments the marks stand for.
      await homePage.waitForTimeout(3000);
      const chat = localPage.getByLabel('消息内容');
      await chat.fill('请出示身份证正面');
      await chat.press('Enter');
      await expect(homePage.getByText('请出示身份证正面')).toBeVisible();
      await homePage.waitForTimeout(2000);
      expect((await home.post(`/api/sessions/${sessionId}/identity`, { data: { verdict: 'verified' } })).status()).toBe(201);
      await homePage.waitForTimeout(2000);
      const received = await home.post(`/api/sessions/${sessionId}/case`, { data: { confirmGaps: true } });
      expect(received.status()).toBe(201);
      const caseId = ((await received.json()) as { case: { id: number } }).case.id;
      await homePage.waitForTimeout(2000);
      expect((await home.post(`/api/sessions/${sessionId}/end`, { data: {} })).ok()).toBe(true);

      // The recorders close their last segments once their input has stopped (up to ~15 s).
      let recording: SessionRecordingView | undefined;
      await expect
        .poll(
          async () => {
            recording = ((await (await home.get(`/api/sessions/${sessionId}/recording`)).json()) as { recording: SessionRecordingView }).recording;
            const pictures = recording.entries.filter((e) => e.entry === 'segment' && e.side === 'local' && e.source === 'camera');
            const last = pictures.reduce((max, e) => Math.max(max, e.offset + e.duration), 0);
            const verdict = recording.marks.find((m) => m.kind === 'identity_verdict');
            return verdict !== undefined && last > verdict.offset;
          },
          { timeout: 60_000, intervals: [1000] },
        )
        .toBe(true);
      testInfo.annotations.push({ type: 'recording', description: recording!.entries.map((e) => `${e.entry} ${e.track} ${e.offset.toFixed(1)}+${e.duration.toFixed(1)}`).join('; ') });

      await homePage.goto(`/home/sessions/${sessionId}`);
      await seeksToVerdict(homePage, recording!);
      await homePage.goto(`/cases/${caseId}`);
      await seeksToVerdict(homePage, recording!);

      const supervisor = await signedIn(browser, 'pinghu.supervisor', '/supervise');
      const other = await signedIn(browser, 'taizhou.local', '/local');
      try {
        await supervisor.page.goto(`/supervise/sessions/${sessionId}`);
        await seeksToVerdict(supervisor.page, recording!);

        // A local clerk of another session: the recording and its files are refused.
        const segment = recording!.entries.find((e) => e.url !== null)!;
        expect((await other.page.request.get(`/api/sessions/${sessionId}/recording`)).status()).toBe(403);
        expect((await other.page.request.get(segment.url!)).status()).toBe(403);
      } finally {
        await Promise.all([supervisor.context.close(), other.context.close()]);
      }
    } finally {
      await call.close(testInfo);
    }
  });
});

/**
 * Accept → first decoded remote frame, on each side: the home clerk clicks 受理 in the live queue; the
 * time runs until the other side's camera puts its first decoded frame on screen in each page (the
 * time requestVideoFrameCallback gives for it, `expectedDisplayTime`, recorded in
 * window.vwindowFirstFrames; on the home side that is the console's 正在接通 view). The click comes once
 * both pages say they are ready, as a clerk sees it: the local waiting page standing by and the home
 * console's camera preview (each shows 已就绪).
 */
import type { Browser, Page } from '@playwright/test';
import { idCheckDigit } from '../../signaling/src/protocol';
import { pageApi } from '../../tests/support/pageApi';
import { signedInContext } from './browser';
import { medianOffsets, pageMilestones } from './milestones';

/** When the page's remote camera tile put its first frame on screen: waits for the page's event, no polling. */
async function firstCameraFrame(page: Page, timeoutMs = 15_000): Promise<number> {
  return page.evaluate(
    (timeout) =>
      new Promise<number>((resolve, reject) => {
        const find = () => window.vwindowFirstFrames?.find((f) => f.source === 'camera')?.at;
        const seen = find();
        if (seen !== undefined) return resolve(seen);
        const timer = setTimeout(() => reject(new Error(`no remote camera frame within ${timeout} ms`)), timeout);
        window.addEventListener('vwindow:first-frame', () => {
          const at = find();
          if (at === undefined) return;
          clearTimeout(timer);
          resolve(at);
        });
      }),
    timeoutMs,
  );
}

export interface StartupResult {
  local: number[];
  home: number[];
  /** Median milestone offsets from the click, per side. */
  breakdown: { local: Record<string, number>; home: Record<string, number> };
}

/**
 * `browsers`: one browser for both clerks, or the local clerk's and the home clerk's (each in its
 * hall host). The API calls go from the pages, by the browsers' own way to the server.
 */
export async function measureSessionStartup(browsers: Browser | { local: Browser; home: Browser }, baseURL: string, runs: number): Promise<StartupResult> {
  const { local: localBrowser, home: homeBrowser } = 'newContext' in browsers ? { local: browsers, home: browsers } : browsers;
  const localContext = await signedInContext(localBrowser, baseURL, 'lianshui.local');
  const homeContext = await signedInContext(homeBrowser, baseURL, 'pinghu.home');
  const local: number[] = [];
  const home: number[] = [];
  const localMarks: { start: number; marks: Record<string, number> }[] = [];
  const homeMarks: { start: number; marks: Record<string, number> }[] = [];
  const localPage = await localContext.newPage();
  const homePage = await homeContext.newPage();
  await localPage.goto('/local');
  const matters = await pageApi<{ matters: { id: number }[] }>(localPage, 'GET', '/api/catalog/matters?jurisdiction=330482');
  const matterId = matters.body.matters[0]!.id;
  for (let run = 0; run < runs; run++) {
    const first17 = `330482199001${String(10 + (run % 18)).padStart(2, '0')}123`;
    if (!localPage.url().startsWith(baseURL)) await localPage.goto('/local');
    const started = await pageApi<{ session: { id: string } }>(localPage, 'POST', '/api/sessions', {
      citizenName: '测试',
      citizenIdNumber: first17 + idCheckDigit(first17),
      citizenPhone: '13800138000',
      homeJurisdictionCode: '330482',
      matterId,
    });
    if (started.status !== 201) throw new Error(`starting a session failed: ${started.status}`);
    const sessionId = started.body.session.id;
    await localPage.goto(`/local/sessions/${sessionId}`);
    await homePage.goto('/home');
    const accept = homePage.getByRole('button', { name: '受理' });
    await accept.first().waitFor({ state: 'visible' });
    await Promise.all([localPage, homePage].map((page) => page.locator('[data-testid="camera-preview-state"][data-ready="true"]').waitFor()));
    // The time runs from the click as the page receives it (not from Playwright's checks before it).
    const clicked = homePage.evaluate(
      () =>
        new Promise<number>((resolve) =>
          document.addEventListener('click', (event) => resolve(performance.timeOrigin + event.timeStamp), { capture: true, once: true }),
        ),
    );
    await accept.first().click();
    const t0 = await clicked;
    const [localAt, homeAt] = await Promise.all([firstCameraFrame(localPage), firstCameraFrame(homePage)]);
    local.push(localAt - t0);
    home.push(homeAt - t0);
    localMarks.push({ start: t0, marks: { ...(await pageMilestones(localPage)), 'first-frame': localAt } });
    homeMarks.push({ start: t0, marks: { ...(await pageMilestones(homePage)), 'first-frame': homeAt } });
    await pageApi(homePage, 'POST', `/api/sessions/${sessionId}/end`);
  }
  await localContext.close();
  await homeContext.close();
  return { local, home, breakdown: { local: medianOffsets(localMarks), home: medianOffsets(homeMarks) } };
}

/**
 * Accept → first decoded remote frame, on each side: the home clerk clicks 受理 in the live queue; the
 * time runs until the other side's camera puts its first decoded frame on screen in each page (the
 * time requestVideoFrameCallback gives for it, `expectedDisplayTime`, recorded in
 * window.vwindowFirstFrames; on the home side that is the console's 正在接通 view). The click comes once
 * both pages say they are ready, as a clerk sees it (the local waiting page standing by and the home
 * console's camera preview, each shows 已就绪), and READ_MS later: a clerk reads the queue's entry
 * before taking it, and meanwhile the pages set up the other side's camera ahead (consumer.ahead).
 */
import type { Browser, Page } from '@playwright/test';
import { idCheckDigit } from '../../signaling/src/protocol';
import { pageApi } from '../../tests/support/pageApi';
import { signedInContext } from './browser';
import { medianOffsets, pageMilestones } from './milestones';
import { recordingNoticePath } from '../../tests/support/recordingNotice';
import { watchStandby } from './standbyWatch';

/** How long after both pages are ready the home clerk clicks 受理: about the time it takes to read the entry. */
export const READ_MS = 1000;

/** When the page's remote camera tile put its first frame on screen: waits for the page's event, no polling. */
export async function firstCameraFrame(page: Page, timeoutMs = 15_000): Promise<number> {
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
  /** Each run's click, epoch ms (to line server events up with it). */
  starts: number[];
  /** Median milestone offsets from the click, per side. */
  breakdown: { local: Record<string, number>; home: Record<string, number> };
  /** Each run's milestones (epoch ms), per side. */
  runs: { local: Record<string, number>; home: Record<string, number> }[];
}

/** One product run's figures: each side's accept → first frame, and the pages' milestones. */
export interface StartupRun {
  local: number;
  home: number;
  localMarks: { start: number; marks: Record<string, number> };
  homeMarks: { start: number; marks: Record<string, number> };
}

/** The two signed-in clerks' pages, ready to run accept → first frame again and again. */
export interface StartupRunner {
  /** One run; a run whose pages do not stand by is made again once (saying why on stderr). */
  run(index: number): Promise<StartupRun>;
  close(): Promise<void>;
}

/** Who the two clerks are, and where the home clerk's pages come from. */
export interface StartupClerks {
  /** Default lianshui.local. */
  local?: string;
  /** A home clerk of Pinghu; default pinghu.home. */
  home?: string;
  /** The home clerk's server (another node of a cluster); default the local clerk's. */
  homeBaseURL?: string;
}

/**
 * `browsers`: one browser for both clerks, or the local clerk's and the home clerk's (each in its
 * hall host). The API calls go from the pages, by the browsers' own way to the server.
 */
export async function openStartupRunner(
  browsers: Browser | { local: Browser; home: Browser },
  baseURL: string,
  clerks: StartupClerks = {},
  /** What the servers logged last, printed with a run made again (a cluster's nodes). */
  serverLog?: () => string,
): Promise<StartupRunner> {
  const { local: localBrowser, home: homeBrowser } = 'newContext' in browsers ? { local: browsers, home: browsers } : browsers;
  const localContext = await signedInContext(localBrowser, baseURL, clerks.local ?? 'lianshui.local');
  const homeContext = await signedInContext(homeBrowser, clerks.homeBaseURL ?? baseURL, clerks.home ?? 'pinghu.home');
  const localPage = await localContext.newPage();
  const homePage = await homeContext.newPage();
  const standby = watchStandby({ 'local clerk': localPage, 'home clerk': homePage });
  await localPage.goto('/local');
  const matters = await pageApi<{ matters: { id: number }[] }>(localPage, 'GET', '/api/catalog/matters?jurisdiction=330482');
  const matterId = matters.body.matters[0]!.id;
  const run = async (index: number, again = false): Promise<StartupRun> => {
    const first17 = `330482199001${String(10 + (index % 18)).padStart(2, '0')}123`;
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
    // The citizen was told of the recording (required before the accept).
    const told = await pageApi(localPage, 'POST', recordingNoticePath(sessionId));
    if (told.status !== 201) throw new Error(`confirming the recording notice failed: ${told.status}`);
    await localPage.goto(`/local/sessions/${sessionId}`);
    await homePage.goto('/home');
    const accept = homePage.getByRole('button', { name: '受理' });
    await accept.first().waitFor({ state: 'visible' });
    try {
      await standby.untilReady();
    } catch (error) {
      // A page that does not stand by is a fault to find (the error says what each page showed, and
      // `serverLog` what the servers logged); the run is made again once, with the pages loaded anew.
      if (again) throw error;
      console.error(`run ${index + 1}: the pages did not stand by, so the run is made again:`, error, serverLog ? `\n${serverLog()}` : '');
      await pageApi(localPage, 'POST', `/api/sessions/${sessionId}/cancel`).catch(() => undefined);
      return await run(index, true);
    }
    await homePage.waitForTimeout(READ_MS);
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
    const figures = {
      local: localAt - t0,
      home: homeAt - t0,
      localMarks: { start: t0, marks: { ...(await pageMilestones(localPage)), 'first-frame': localAt } },
      homeMarks: { start: t0, marks: { ...(await pageMilestones(homePage)), 'first-frame': homeAt } },
    };
    await pageApi(homePage, 'POST', `/api/sessions/${sessionId}/end`);
    return figures;
  };
  const close = async () => {
    await localContext.close();
    await homeContext.close();
  };
  return { run, close };
}

/** `runs` runs of accept → first remote frame, one after the other. */
export async function measureSessionStartup(browsers: Browser | { local: Browser; home: Browser }, baseURL: string, runs: number): Promise<StartupResult> {
  const runner = await openStartupRunner(browsers, baseURL);
  try {
    const figures: StartupRun[] = [];
    for (let index = 0; index < runs; index++) figures.push(await runner.run(index));
    return startupResult(figures);
  } finally {
    await runner.close();
  }
}

/** The runs' figures per side, with the median milestones. */
export function startupResult(figures: StartupRun[]): StartupResult {
  return {
    local: figures.map((f) => f.local),
    home: figures.map((f) => f.home),
    starts: figures.map((f) => f.homeMarks.start),
    breakdown: { local: medianOffsets(figures.map((f) => f.localMarks)), home: medianOffsets(figures.map((f) => f.homeMarks)) },
    runs: figures.map((f) => ({ local: f.localMarks.marks, home: f.homeMarks.marks })),
  };
}

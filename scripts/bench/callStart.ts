/**
 * Call start, the product against bare mediasoup, alternating run by run in one process so that a busy
 * moment of the machine touches both:
 * - the product: 受理 → first remote frame on each side (sessionStartup.ts), both clerks standing by;
 * - bare: a page publishes the camera (bare/client.ts: the product's encodings and constraints) and
 *   stays; a second page, loaded fresh each run with only its Device prepared, at the click creates its
 *   receiving transport, consumes and does ICE+DTLS from scratch, to its first frame on screen
 *   (requestVideoFrameCallback's expectedDisplayTime, as the product's tiles report it).
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { BareMediasoup } from './bare/bareServer';
import { medianOffsets, pageMilestones, tracePeerConnections } from './milestones';
import { openStartupRunner, startupResult, type StartupResult, type StartupRun } from './sessionStartup';

/** A plain browser context (no sign-in) that runs functions tsx handed it (see signedInContext). */
export async function bareContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  await tracePeerConnections(context);
  return context;
}

/** Opens the bare page of `peer` in `room` and waits for its Device. */
export async function openBarePage(context: BrowserContext, bare: BareMediasoup, room: string, peer: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${bare.url}/?room=${room}&peer=${peer}`);
  await page.evaluate(() => window.bare.ready);
  return page;
}

interface BareRun {
  /** ms from the click to the first frame. */
  ms: number;
  marks: { start: number; marks: Record<string, number> };
}

/** One bare run: a fresh joining page, the click, its first frame, and the page's milestones. */
async function bareRun(context: BrowserContext, bare: BareMediasoup): Promise<BareRun> {
  const page = await openBarePage(context, bare, 'start', 'joiner');
  try {
    const clicked = page.evaluate(
      () =>
        new Promise<number>((resolve) =>
          document.addEventListener('click', (event) => resolve(performance.timeOrigin + event.timeStamp), { capture: true, once: true }),
        ),
    );
    const shown = page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('bare: no frame within 15 s')), 15_000);
          window.addEventListener('bare:first-frame', () => {
            clearTimeout(timer);
            resolve(window.bareFirstFrame!);
          });
        }),
    );
    await page.getByRole('button', { name: '接收' }).click();
    const t0 = await clicked;
    const at = await shown;
    return { ms: at - t0, marks: { start: t0, marks: { ...(await pageMilestones(page)), 'first-frame': at } } };
  } finally {
    await page.close();
  }
}

export interface CallStartComparison {
  product: StartupResult;
  bare: number[];
  /** Median milestone offsets from the click on the bare joining page. */
  bareBreakdown: Record<string, number>;
  /** Each bare run's milestones. */
  bareRuns: { start: number; marks: Record<string, number> }[];
}

/** `runs` product runs and `runs` bare runs, alternating (product first, then bare, and so on). */
export async function compareCallStart(browser: Browser, baseURL: string, bare: BareMediasoup, runs: number): Promise<CallStartComparison> {
  const runner = await openStartupRunner(browser, baseURL);
  const context = await bareContext(browser);
  try {
    const publisher = await openBarePage(context, bare, 'start', 'publisher');
    await publisher.evaluate(() => window.bare.publish());
    // Its camera's upper layers come on after a second (as the product's do).
    await publisher.waitForTimeout(2_000);
    const figures: StartupRun[] = [];
    const bareFigures: BareRun[] = [];
    for (let index = 0; index < runs; index++) {
      figures.push(await runner.run(index));
      bareFigures.push(await bareRun(context, bare));
    }
    return { product: startupResult(figures), bare: bareFigures.map((f) => f.ms), bareBreakdown: medianOffsets(bareFigures.map((f) => f.marks)), bareRuns: bareFigures.map((f) => f.marks) };
  } finally {
    await context.close();
    await runner.close();
  }
}

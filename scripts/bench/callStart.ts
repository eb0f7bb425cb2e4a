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
import { openStartupRunner, startupResult, type StartupResult, type StartupRun } from './sessionStartup';

/** A plain browser context (no sign-in) that runs functions tsx handed it (see signedInContext). */
export async function bareContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  return context;
}

/** Opens the bare page of `peer` in `room` and waits for its Device. */
export async function openBarePage(context: BrowserContext, bare: BareMediasoup, room: string, peer: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${bare.url}/?room=${room}&peer=${peer}`);
  await page.evaluate(() => window.bare.ready);
  return page;
}

/** One bare run: a fresh joining page, the click, its first frame; ms from the click. */
async function bareRun(context: BrowserContext, bare: BareMediasoup): Promise<number> {
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
    return (await shown) - t0;
  } finally {
    await page.close();
  }
}

export interface CallStartComparison {
  product: StartupResult;
  bare: number[];
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
    const bareFigures: number[] = [];
    for (let index = 0; index < runs; index++) {
      figures.push(await runner.run(index));
      bareFigures.push(await bareRun(context, bare));
    }
    return { product: startupResult(figures), bare: bareFigures };
  } finally {
    await context.close();
    await runner.close();
  }
}

/**
 * Helpers of the call tests: a session started and accepted through the HTTP API by two signed-in
 * clerks in their own browser contexts, and what `window.vwindowDebug` says about frames and packets.
 * The two clerks may use one browser or one each (the network tests run each in its own hall host).
 */
import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page, type TestInfo } from '@playwright/test';
import { idCheckDigit } from '../../signaling/src/protocol/idNumber';
import type { SessionView } from '../../signaling/src/protocol/sessions';
import type { MediaSource } from '../../signaling/src/protocol/media';
import { pageApi } from '../support/pageApi';
import { signIn } from './fixtures';
import { recordingNoticePath } from '../support/recordingNotice';

export const PINGHU = '330482';

export interface Call {
  sessionId: string;
  localContext: BrowserContext;
  homeContext: BrowserContext;
  localPage: Page;
  homePage: Page;
  /** Every answer of 400 or more to either clerk's pages, as "status url" (a call should have none). */
  refused: string[];
  /** Closes both contexts and attaches what went over each signaling socket (method names only). */
  close(testInfo: TestInfo): Promise<void>;
}

/** Records the signaling traffic of every page of `context`: a failed call test shows who said what when. */
function recordSignaling(context: BrowserContext, name: string, log: string[]): void {
  const started = Date.now();
  const line = (text: string) => log.push(`${String(Date.now() - started).padStart(6)} ms ${name} ${text}`);
  context.on('page', (page) => {
    page.on('websocket', (socket) => {
      const describe = (payload: string | Buffer) => {
        const message = JSON.parse(String(payload)) as { type: string; id?: number; method?: string; ok?: boolean };
        return `${message.type} ${message.method ?? ''} ${message.id ?? ''} ${message.ok === false ? String(payload).slice(0, 200) : ''}`;
      };
      socket.on('framesent', (frame) => line(`→ ${describe(frame.payload)}`));
      socket.on('framereceived', (frame) => line(`← ${describe(frame.payload)}`));
      socket.on('close', () => line('socket closed'));
    });
    page.on('framenavigated', (frame) => frame === page.mainFrame() && line(`page ${frame.url()}`));
    page.on('pageerror', (error) => line(`page error ${error.message}`));
    page.on('console', (message) => line(`console ${message.type()} ${message.text()}`));
  });
}

/**
 * Where each clerk's browser context is opened: one browser for both, or one each with their options
 * (`homeContextOptions`: the home clerk's own, e.g. another node's address; default `contextOptions`).
 */
export type CallBrowsers = Browser | { local: Browser; home: Browser; contextOptions: BrowserContextOptions; homeContextOptions?: BrowserContextOptions };

/**
 * lianshui.local starts a session for 平湖市, pinghu.home accepts it; both open the session page.
 * `prepareLocal` runs on the local clerk's context before any page opens (init scripts: fake devices).
 */
export async function startCall(
  browsers: CallBrowsers,
  prepareLocal?: (context: BrowserContext) => Promise<unknown>,
  options: { localStandsBy?: boolean } = {},
): Promise<Call> {
  const [localContext, homeContext] =
    'newContext' in browsers
      ? await Promise.all([browsers.newContext(), browsers.newContext()])
      : await Promise.all([browsers.local.newContext(browsers.contextOptions), browsers.home.newContext(browsers.homeContextOptions ?? browsers.contextOptions)]);
  await prepareLocal?.(localContext);
  const log: string[] = [];
  recordSignaling(localContext, 'local', log);
  recordSignaling(homeContext, 'home', log);
  const refused: string[] = [];
  for (const context of [localContext, homeContext]) context.on('response', (r) => r.status() >= 400 && refused.push(`${r.status()} ${r.url()}`));
  const [localPage, homePage] = await Promise.all([localContext.newPage(), homeContext.newPage()]);
  await Promise.all([signIn(localPage, 'lianshui.local', '/local'), signIn(homePage, 'pinghu.home', '/home')]);

  const catalog = await pageApi<{ matters: { id: number }[] }>(localPage, 'GET', `/api/catalog/matters?jurisdiction=${PINGHU}`);
  expect(catalog.status).toBe(200);
  const matterId = catalog.body.matters[0]?.id;
  if (matterId === undefined) throw new Error(`no matter for ${PINGHU} in the seed`);

  const first17 = '33048219880315123';
  const started = await pageApi<{ session: SessionView }>(localPage, 'POST', '/api/sessions', {
    citizenName: '陈先生',
    citizenIdNumber: first17 + idCheckDigit(first17),
    citizenPhone: '13800138000',
    homeJurisdictionCode: PINGHU,
    matterId,
  });
  expect(started.status).toBe(201);
  const { session } = started.body;
  expect((await pageApi(localPage, 'POST', recordingNoticePath(session.id))).status).toBe(201);
  if (options.localStandsBy) {
    // The local clerk waits on the session page, standing by in its room, before the accept.
    await localPage.goto(`/local/sessions/${session.id}`);
    await localPage.locator('[data-testid="camera-preview-state"][data-ready="true"]').waitFor();
  }
  const accepted = await pageApi(homePage, 'POST', `/api/sessions/${session.id}/accept`);
  expect(accepted.status).toBe(200);

  await Promise.all([options.localStandsBy ? null : localPage.goto(`/local/sessions/${session.id}`), homePage.goto(`/home/sessions/${session.id}`)]);
  return {
    sessionId: session.id,
    localContext,
    homeContext,
    localPage,
    homePage,
    refused,
    close: async (testInfo) => {
      await Promise.all([localContext.close(), homeContext.close()]);
      await testInfo.attach('signaling.log', { body: log.join('\n'), contentType: 'text/plain' });
    },
  };
}

/** The sum of `field` over the remote tracks of `source` this page receives. */
export async function received(page: Page, source: MediaSource, field: 'framesDecoded' | 'packetsReceived'): Promise<number> {
  const stats = await page.evaluate(async () => (window.vwindowDebug ? await window.vwindowDebug.inboundStats() : []));
  return stats.filter((stat) => stat.source === source).reduce((sum, stat) => sum + stat[field], 0);
}

/** Waits until `field` of `source` grows between two reads: media is flowing now, not just once. */
export async function expectRising(
  page: Page,
  source: MediaSource,
  field: 'framesDecoded' | 'packetsReceived' = source === 'microphone' ? 'packetsReceived' : 'framesDecoded',
  timeout = 20_000,
): Promise<void> {
  let previous: number | null = null;
  await expect
    .poll(
      async () => {
        const now = await received(page, source, field);
        const rising = previous !== null && now > previous;
        previous = now;
        return rising;
      },
      { message: `${source} ${field} rising on ${page.url()}`, timeout, intervals: [700] },
    )
    .toBe(true);
}

/**
 * Waits until the counter of `source` restarted (new consumers after a rejoin count from zero) and
 * then rises: media flows again over the new transports, not over the old ones before they closed.
 */
export async function expectRestartedAndRising(page: Page, source: MediaSource, before: number, timeout = 15_000): Promise<void> {
  await expect
    .poll(() => received(page, source, 'framesDecoded'), { message: `${source} restarted on ${page.url()}`, timeout, intervals: [200] })
    .toBeLessThan(before);
  await expectRising(page, source, 'framesDecoded', timeout);
}

/** Camera video and microphone audio arrive on both sides. */
export async function expectMediaBothWays(call: Call): Promise<void> {
  await Promise.all([
    expectRising(call.localPage, 'camera'),
    expectRising(call.homePage, 'camera'),
    expectRising(call.localPage, 'microphone'),
    expectRising(call.homePage, 'microphone'),
  ]);
}

/** Decoded frames of the remote camera on each side now: [local page, home page]. */
export async function cameraFrames(call: Call): Promise<[number, number]> {
  return [await received(call.localPage, 'camera', 'framesDecoded'), await received(call.homePage, 'camera', 'framesDecoded')];
}

/** After a fault: both sides' camera counters restarted (new consumers) and rise, and sound flows again. */
export async function expectMediaBackBothWays(call: Call, before: [number, number], timeout: number): Promise<void> {
  await Promise.all([expectRestartedAndRising(call.localPage, 'camera', before[0], timeout), expectRestartedAndRising(call.homePage, 'camera', before[1], timeout)]);
  await Promise.all([expectRising(call.localPage, 'microphone', 'packetsReceived', timeout), expectRising(call.homePage, 'microphone', 'packetsReceived', timeout)]);
}

/**
 * Helpers of the rating tests: staff signed in through the API in their own request contexts, and a
 * session started, accepted and ended through the HTTP API, with the citizen's rating link.
 */
import { expect, type APIRequestContext, type PlaywrightWorkerArgs } from '@playwright/test';
import { idCheckDigit } from '../../signaling/src/protocol/idNumber';
import type { RatingLink, RatingPage } from '../../signaling/src/protocol/ratings';
import type { SessionView } from '../../signaling/src/protocol/sessions';
import { fromProductPage } from '../support/productPage';
import { DEMO_PASSWORD, test } from './fixtures';
import { recordingNoticePath } from '../support/recordingNotice';

export const PINGHU = '330482';

type Playwright = PlaywrightWorkerArgs['playwright'];

/**
 * A request context signed in as `username` (the cookie stays in the context), sending the product's
 * Origin as its pages do (the server requires it on state-changing requests).
 */
export async function apiAs(playwright: Playwright, baseURL: string, username: string): Promise<APIRequestContext> {
  const context = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromProductPage(baseURL) });
  const response = await context.post('/api/auth/sign-in', { data: { username, password: DEMO_PASSWORD } });
  expect(response.ok(), `sign-in of ${username}`).toBe(true);
  return context;
}

/**
 * The demo local and home clerks' API contexts for the tests of one describe block (call it inside the
 * block): signed in before its tests, disposed after them.
 */
export function clerkApis(): { local: APIRequestContext; home: APIRequestContext } {
  const clerks = {} as { local: APIRequestContext; home: APIRequestContext };
  test.beforeAll(async ({ playwright }, info) => {
    const baseURL = String(info.project.use.baseURL);
    [clerks.local, clerks.home] = await Promise.all([apiAs(playwright, baseURL, 'lianshui.local'), apiAs(playwright, baseURL, 'pinghu.home')]);
  });
  test.afterAll(async () => {
    await Promise.all([clerks.local?.dispose(), clerks.home?.dispose()]);
  });
  return clerks;
}

export interface EndedSession {
  id: string;
  matterName: string;
  link: RatingLink;
  token: string;
}

/** lianshui.local starts a session for 平湖市: it waits in 平湖市's queue. */
export async function waitingSession(local: APIRequestContext): Promise<{ id: string; matterName: string }> {
  const catalog = await local.get(`/api/catalog/matters?jurisdiction=${PINGHU}`);
  expect(catalog.ok()).toBe(true);
  const { matters } = (await catalog.json()) as { matters: { id: number; name: string }[] };
  const matter = matters[0];
  if (!matter) throw new Error(`no matter for ${PINGHU} in the seed`);

  const first17 = '33048219880315123';
  const started = await local.post('/api/sessions', {
    data: { citizenName: '陈先生', citizenIdNumber: first17 + idCheckDigit(first17), citizenPhone: '13800138000', homeJurisdictionCode: PINGHU, matterId: matter.id },
  });
  expect(started.status()).toBe(201);
  const { session } = (await started.json()) as { session: SessionView };
  return { id: session.id, matterName: matter.name };
}

/** lianshui.local starts a session for 平湖市, pinghu.home accepts and ends it; the local clerk gets the link. */
export async function endedSession(local: APIRequestContext, home: APIRequestContext): Promise<EndedSession> {
  const session = await waitingSession(local);
  expect((await local.post(recordingNoticePath(session.id))).status()).toBe(201);
  expect((await home.post(`/api/sessions/${session.id}/accept`)).ok()).toBe(true);
  expect((await home.post(`/api/sessions/${session.id}/end`, { data: {} })).ok()).toBe(true);

  const linked = await local.get(`/api/sessions/${session.id}/rating-link`);
  expect(linked.ok()).toBe(true);
  const { link } = (await linked.json()) as { link: RatingLink };
  expect(link.path).toMatch(/^\/rate\/[A-Za-z0-9_-]{20,64}$/);
  return { id: session.id, matterName: session.matterName, link, token: link.path.split('/').pop() ?? '' };
}

/** What the public API says about the rating behind `token` now. */
export async function ratingState(api: APIRequestContext, token: string): Promise<RatingPage> {
  const response = await api.get(`/api/public/ratings/${token}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { rating: RatingPage }).rating;
}

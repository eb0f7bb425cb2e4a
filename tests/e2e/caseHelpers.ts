/**
 * Helpers of the case tests: a session that is ready to become a case (started by lianshui.local,
 * accepted by pinghu.home, one document captured, identity verified), all through the HTTP API of the
 * signed-in pages, and the path data of an SVG (to compare QR codes drawn by the same library).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { CaseView } from '../../signaling/src/protocol/cases';
import type { SessionView } from '../../signaling/src/protocol/sessions';
import { idNumberFor, productApi } from './fixtures';
import { recordingNoticePath } from '../support/recordingNotice';

export const PINGHU = '330482';

/** A valid ID number whose sequence digits make it unique to a test (a Pinghu one). */
export const citizenId = (sequence: number) => idNumberFor('33048219880315', sequence);

/** Starts (local) and accepts (home) a session, captures the document page and records "verified". */
export async function readySession(local: Page, home: Page, idNumber: string): Promise<{ sessionId: string; matterName: string }> {
  const catalog = await local.request.get(`/api/catalog/matters?jurisdiction=${PINGHU}`);
  expect(catalog.ok()).toBe(true);
  const { matters } = (await catalog.json()) as { matters: { id: number; name: string }[] };
  const matter = matters[0];
  if (!matter) throw new Error(`no matter for ${PINGHU} in the seed`);

  const started = await productApi(local).post('/api/sessions', {
    data: { citizenName: '陈晓明', citizenIdNumber: idNumber, citizenPhone: '13800138000', homeJurisdictionCode: PINGHU, matterId: matter.id },
  });
  expect(started.status()).toBe(201);
  const { session } = (await started.json()) as { session: SessionView };
  expect((await productApi(local).post(recordingNoticePath(session.id))).status()).toBe(201);
  expect((await productApi(home).post(`/api/sessions/${session.id}/accept`)).ok()).toBe(true);

  const capture = await productApi(local).post(`/api/sessions/${session.id}/captures`, {
    headers: { 'content-type': 'image/jpeg', 'x-capture-material': 'other', 'x-capture-kind': 'still' },
    data: readFileSync(join(import.meta.dirname, '../fixtures/document-page.jpg')),
  });
  expect(capture.status(), await capture.text()).toBe(201);
  const verdict = await productApi(home).post(`/api/sessions/${session.id}/identity`, { data: { verdict: 'verified' } });
  expect(verdict.status(), await verdict.text()).toBe(201);
  return { sessionId: session.id, matterName: matter.name };
}

/** The home clerk receives the session's case (收件) through the API, confirming whatever material is missing. */
export async function receiveCase(home: Page, sessionId: string): Promise<CaseView> {
  const received = await productApi(home).post(`/api/sessions/${sessionId}/case`, { data: { confirmGaps: true } });
  expect(received.status(), await received.text()).toBe(201);
  return ((await received.json()) as { case: CaseView }).case;
}

/** Ends a session left active, whatever the test did. */
export async function endSession(page: Page, sessionId: string): Promise<void> {
  const response = await page.request.get(`/api/sessions/${sessionId}`);
  if (!response.ok()) return;
  const { session } = (await response.json()) as { session: SessionView };
  if (session.status === 'active') await productApi(page).post(`/api/sessions/${sessionId}/end`);
}

/** The `viewBox` and every path's `d` of an SVG's markup, in order: what a QR code looks like. */
export function svgShape(markup: string): { viewBox: string | null; paths: string[] } {
  const viewBox = /viewBox="([^"]+)"/.exec(markup)?.[1] ?? null;
  const paths = [...markup.matchAll(/<path\b[^>]*\bd="([^"]+)"/g)].map((match) => match[1] ?? '');
  return { viewBox, paths };
}

/** Where screenshots go: $VW_E2E_SHOTS when set (to look at them), else the test's output directory. */
export function shotPath(outputPath: (name: string) => string, name: string): string {
  return process.env.VW_E2E_SHOTS ? join(process.env.VW_E2E_SHOTS, name) : outputPath(name);
}

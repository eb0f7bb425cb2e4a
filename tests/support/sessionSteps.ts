/** Walks a session through the HTTP API as the clerks would: start, accept, capture, verify identity. */
import { idCheckDigit, type CaptureView, type SessionView } from '../../signaling/src/protocol';
import { documentPageJpeg } from './sampleFiles';
import { fromProductPage } from './productPage';
import { recordingNoticePath } from './recordingNotice';

export interface Clerks {
  url: string;
  local: string;
  home: string;
}

export async function call<T = Record<string, unknown>>(url: string, cookie: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}/api${path}`, {
    method,
    headers: { ...fromProductPage(url, cookie), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** A citizen ID number from 17 digits (default a Pinghu one) with its check digit. */
export function citizenId(first17 = '33048219880315123'): string {
  return first17 + idCheckDigit(first17);
}

/** The local clerk (`cookie`) starts a waiting session for 陈先生 (default Pinghu, a Pinghu ID number) through `url`. */
export async function startSession(url: string, cookie: string, matterId: number, options: { idNumber?: string; homeJurisdictionCode?: string } = {}): Promise<SessionView> {
  const started = await call<{ session: SessionView }>(url, cookie, 'POST', '/sessions', {
    citizenName: '陈先生',
    citizenIdNumber: options.idNumber ?? citizenId(),
    citizenPhone: '13800138000',
    homeJurisdictionCode: options.homeJurisdictionCode ?? '330482',
    matterId,
  });
  if (started.status !== 201) throw new Error(`start failed: ${started.status} ${JSON.stringify(started.body)}`);
  return started.body.session;
}

/** Starts and accepts a session; optionally adds the document-page capture and records "verified". */
export async function activeSession(
  clerks: Clerks,
  matterId: number,
  options: { capture?: boolean; verified?: boolean; idNumber?: string; homeJurisdictionCode?: string } = {},
): Promise<SessionView> {
  const id = (await startSession(clerks.url, clerks.local, matterId, options)).id;
  const confirmed = await call(clerks.url, clerks.local, 'POST', recordingNoticePath(id).replace(/^\/api/, ''));
  if (confirmed.status !== 201) throw new Error(`recording notice failed: ${JSON.stringify(confirmed.body)}`);
  const accepted = await call<{ session: SessionView }>(clerks.url, clerks.home, 'POST', `/sessions/${id}/accept`);
  if (accepted.status !== 200) throw new Error(`accept failed: ${JSON.stringify(accepted.body)}`);
  if (options.capture) {
    const response = await fetch(`${clerks.url}/api/sessions/${id}/captures`, {
      method: 'POST',
      headers: { ...fromProductPage(clerks.url, clerks.local), 'content-type': 'image/jpeg', 'x-capture-material': 'other', 'x-capture-kind': 'still' },
      body: new Uint8Array(documentPageJpeg()),
    });
    if (response.status !== 201) throw new Error(`capture failed: ${await response.text()}`);
    (await response.json()) as { capture: CaptureView };
  }
  if (options.verified) {
    const verdict = await call(clerks.url, clerks.home, 'POST', `/sessions/${id}/identity`, { verdict: 'verified' });
    if (verdict.status !== 201) throw new Error(`identity failed: ${JSON.stringify(verdict.body)}`);
  }
  return accepted.body.session;
}

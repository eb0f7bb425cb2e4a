/**
 * What the clerks of a call accept before something goes wrong — a capture, a chat line, the identity
 * verdict, the case — and the check that all of it is still there afterwards (faults.spec.ts: a killed
 * worker and a restarted server; cluster.spec.ts: a killed node). Through the HTTP API and signaling,
 * on whichever server or node `url()` names at the time.
 */
import { createHash } from 'node:crypto';
import { expect, type BrowserContext } from '@playwright/test';
import { SIGN_IN_COOKIE } from '../../signaling/src/protocol/auth';
import type { RunningServer } from '../../signaling/src/server';
import { apiRequest, type ApiResponse } from '../support/apiClient';
import { documentPageJpeg } from '../support/sampleFiles';
import { TestSignalingClient } from '../support/signalingClient';
import type { Call } from './callHelpers';

export interface AcceptedWork {
  /** Says one more chat line as the local clerk (kept with the others). */
  chat(text: string): Promise<void>;
  /** Everything accepted so far is there, the session still active; `when` names the moment in failures. */
  nothingLost(when: string): Promise<void>;
  api(as: 'local' | 'home', method: string, path: string, body?: unknown): Promise<ApiResponse>;
}

async function cookieOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === SIGN_IN_COOKIE);
  if (!cookie) throw new Error('not signed in');
  return `${cookie.name}=${cookie.value}`;
}

/** Does the clerks' work on `call` (through the server at `url()`) and returns its checks. */
export async function acceptWork(call: Call, url: () => string): Promise<AcceptedWork> {
  const { sessionId } = call;
  const cookies = { local: await cookieOf(call.localContext), home: await cookieOf(call.homeContext) };
  const api = (as: 'local' | 'home', method: string, path: string, body?: unknown) =>
    apiRequest(url(), { method, path: `/api${path}`, cookie: cookies[as], ...(body === undefined ? {} : { json: body }) });
  const chatLines: string[] = [];
  const chat = async (text: string) => {
    const client = await TestSignalingClient.connect({ url: url() } as RunningServer, cookies.local);
    const sent = await client.request('chat.send', { sessionId, text });
    client.close();
    expect(sent.ok, JSON.stringify(sent.error)).toBe(true);
    chatLines.push(text);
  };

  const jpeg = documentPageJpeg();
  const uploaded = await apiRequest(url(), {
    method: 'POST',
    path: `/api/sessions/${sessionId}/captures`,
    cookie: cookies.local,
    raw: { body: new Uint8Array(jpeg), headers: { 'content-type': 'image/jpeg', 'x-capture-material': 'other', 'x-capture-kind': 'still' } },
  });
  expect(uploaded.status).toBe(201);
  const capture = (uploaded.body as { capture: { id: string; sha256: string } }).capture;
  expect(capture.sha256).toBe(createHash('sha256').update(jpeg).digest('hex'));
  await chat('请出示身份证正面');
  expect((await api('home', 'POST', `/sessions/${sessionId}/identity`, { verdict: 'verified' })).status).toBe(201);
  const received = await api('home', 'POST', `/sessions/${sessionId}/case`, { confirmGaps: true });
  expect(received.status).toBe(201);
  const caseNumber = (received.body as { case: { caseNumber: string } }).case.caseNumber;

  return {
    chat,
    api,
    async nothingLost(when) {
      const session = await api('local', 'GET', `/sessions/${sessionId}`);
      expect(session.body, when).toMatchObject({ session: { status: 'active' } });
      const captures = (await api('home', 'GET', `/sessions/${sessionId}/captures`)).body as { captures: { id: string; sha256: string }[] };
      expect(captures.captures.map((c) => [c.id, c.sha256]), when).toContainEqual([capture.id, capture.sha256]);
      const file = await api('home', 'GET', `/captures/${capture.id}/file`);
      expect([file.status, file.headers.get('x-capture-sha256'), file.headers.get('content-length')], when).toEqual([200, capture.sha256, String(jpeg.length)]);
      const messages = (await api('home', 'GET', `/sessions/${sessionId}/chat`)).body as { messages: { text: string }[] };
      expect(messages.messages.map((m) => m.text), when).toEqual(chatLines);
      const identity = (await api('local', 'GET', `/sessions/${sessionId}/identity`)).body as { identity: { latest: { verdict: string } | null } };
      expect(identity.identity.latest?.verdict, when).toBe('verified');
      const kase = (await api('local', 'GET', `/sessions/${sessionId}/case`)).body as { case: { caseNumber: string } };
      expect(kase.case.caseNumber, when).toBe(caseNumber);
    },
  };
}

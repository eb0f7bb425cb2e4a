/** Temporary measurement (not committed): accept over WS → the local clerk's session.updated (active), one node. */
import { eq } from 'drizzle-orm';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, it } from 'vitest';
import { matters } from '@vwindow/db';
import { recordingNoticePath } from '../support/recordingNotice';
import { call, citizenId } from '../support/sessionSteps';
import { TestSignalingClient } from '../support/signalingClient';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.dispose();
});

it('measures', async () => {
  const [local, home] = await Promise.all([signInCookie(server, 'lianshui.local'), signInCookie(server, 'pinghu.home')]);
  const matterId = (await server.services.database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!.id;
  const window = await TestSignalingClient.connect(server, local);
  const console_ = await TestSignalingClient.connect(server, home);
  const rtpCapabilities = ((await console_.request('media.capabilities', {})).data as { routerRtpCapabilities: unknown }).routerRtpCapabilities;
  const notified = new Map<string, number>();
  window.socket.on('message', (raw: Buffer) => {
    const m = JSON.parse(raw.toString()) as { type: string; method?: string; data?: { session?: { id: string; status: string } } };
    if (m.type === 'notification' && m.method === 'session.updated' && m.data?.session?.status === 'active' && !notified.has(m.data.session.id)) notified.set(m.data.session.id, performance.now());
  });
  const answers: number[] = [];
  const notes: number[] = [];
  const N = Number(process.env.BENCH_N ?? 40);
  for (let i = 0; i < N + 5; i++) {
    const started = await call<{ session: { id: string } }>(server.url, local, 'POST', '/sessions', { citizenName: '陈先生', citizenIdNumber: citizenId(), citizenPhone: '13800138000', homeJurisdictionCode: '330482', matterId });
    const id = started.body.session.id;
    await call(server.url, local, 'POST', recordingNoticePath(id).replace(/^\/api/, ''));
    await new Promise((r) => setTimeout(r, 30));
    const t0 = performance.now();
    const answer = await console_.request('session.accept', { sessionId: id, rtpCapabilities });
    const t1 = performance.now();
    if (!answer.ok) throw new Error(JSON.stringify(answer));
    const deadline = performance.now() + 5000;
    while (!notified.has(id) && performance.now() < deadline) await new Promise((r) => setImmediate(r));
    if (i >= 5) {
      answers.push(t1 - t0);
      notes.push(notified.get(id)! - t0);
    }
    await call(server.url, home, 'POST', `/sessions/${id}/end`);
  }
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { median: s[Math.floor(s.length / 2)]!.toFixed(1), p90: s[Math.floor(s.length * 0.9)]!.toFixed(1), mean: (s.reduce((a, b) => a + b, 0) / s.length).toFixed(1) };
  };
  const result = { label: process.env.BENCH_LABEL, n: N, acceptAnswerMs: stats(answers), localNotificationMs: stats(notes) };
  console.log(JSON.stringify(result));
  writeFileSync(`/tmp/lvbench/${process.env.BENCH_LABEL}.json`, JSON.stringify(result));
  window.close();
  console_.close();
});

/** Temporary measurement (not committed): accept through node B → the local window's session.updated on node A. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, it } from 'vitest';
import { matters } from '@vwindow/db';
import { createTestPostgres, type TestPostgres } from '@vwindow/db/testing/testPostgres';
import { recordingNoticePath } from '../support/recordingNotice';
import { call, citizenId } from '../support/sessionSteps';
import { TestSignalingClient } from '../support/signalingClient';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';

let bus: TestPostgres;
let dir: string;
let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  bus = await createTestPostgres({ maxConnections: 2 });
  dir = mkdtempSync(join(tmpdir(), 'vw-bench-'));
  a = await startTestServer({ VWINDOW_DATA_DIR: dir }, { liveEvents: { databaseUrl: bus.databaseUrl } });
  b = await startTestServer({ VWINDOW_DATA_DIR: dir }, { liveEvents: { databaseUrl: bus.databaseUrl } });
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  rmSync(dir, { recursive: true, force: true });
  await bus?.dispose();
});

it('measures', async () => {
  const [local, home] = await Promise.all([signInCookie(a, 'lianshui.local'), signInCookie(a, 'pinghu.home')]);
  const matterId = (await a.services.database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!.id;
  const window = await TestSignalingClient.connect(a, local);
  const sameNode = await TestSignalingClient.connect(b, local);
  const notified = new Map<string, number>();
  const notifiedSame = new Map<string, number>();
  const watch = (client: TestSignalingClient, map: Map<string, number>) => client.socket.on('message', (raw: Buffer) => {
    const m = JSON.parse(raw.toString()) as { type: string; method?: string; data?: { session?: { id: string; status: string } } };
    if (m.type === 'notification' && m.method === 'session.updated' && m.data?.session?.status === 'active' && !map.has(m.data.session.id)) map.set(m.data.session.id, performance.now());
  });
  watch(window, notified);
  watch(sameNode, notifiedSame);
  const other: number[] = [];
  const same: number[] = [];
  const N = 40;
  for (let i = 0; i < N + 5; i++) {
    const started = await call<{ session: { id: string } }>(a.url, local, 'POST', '/sessions', { citizenName: '陈先生', citizenIdNumber: citizenId(), citizenPhone: '13800138000', homeJurisdictionCode: '330482', matterId });
    const id = started.body.session.id;
    await call(a.url, local, 'POST', recordingNoticePath(id).replace(/^\/api/, ''));
    await new Promise((r) => setTimeout(r, 30));
    const t0 = performance.now();
    const accepted = await call(b.url, home, 'POST', `/sessions/${id}/accept`);
    if (accepted.status !== 200) throw new Error(JSON.stringify(accepted));
    const deadline = performance.now() + 5000;
    while ((!notified.has(id) || !notifiedSame.has(id)) && performance.now() < deadline) await new Promise((r) => setImmediate(r));
    if (i >= 5) {
      other.push(notified.get(id)! - t0);
      same.push(notifiedSame.get(id)! - t0);
    }
    await call(b.url, home, 'POST', `/sessions/${id}/end`);
  }
  const stats = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y);
    return { median: s[Math.floor(s.length / 2)]!.toFixed(1), p90: s[Math.floor(s.length * 0.9)]!.toFixed(1) };
  };
  const result = { n: N, acceptingNodeMs: stats(same), otherNodeMs: stats(other) };
  console.log(JSON.stringify(result));
  writeFileSync('/tmp/lvbench/crossnode.json', JSON.stringify(result));
  window.close();
  sameNode.close();
});

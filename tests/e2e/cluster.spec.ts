/**
 * More than one server (issue 20): two nodes on loopback, each its own process, sharing one
 * PostgreSQL and one data directory (tests/support/clusterNodes.ts). A local clerk on node A and a home
 * clerk on node B hold a call; then, with both clerks' pages behind a load balancer as a deployment
 * has them, the node that holds the session's room is killed (SIGKILL) mid-call: the room is re-created
 * on the other node, both pages reconnect there by themselves, media flows again within 10 s, and
 * everything accepted before is still there.
 */
import { expect, test } from '@playwright/test';
import pg from 'pg';
import type { SessionRecordingView } from '../../signaling/src/protocol/recordings';
import { apiRequest } from '../support/apiClient';
import { pageApi } from '../support/pageApi';
import { ClusterNodes } from '../support/clusterNodes';
import { LoadBalancer } from '../support/loadBalancer';
import type { ServerProcess } from '../support/serverProcess';
import { acceptWork } from './acceptedWork';
import { cameraFrames, expectMediaBackBothWays, expectMediaBothWays, startCall } from './callHelpers';

const E2E_PORT = Number(process.env.VW_E2E_PORT ?? 3210);
// Ports of their own next to the shared e2e server's and faults.spec.ts's.
const RTC_PORT_BASE = Number(process.env.VW_E2E_RTC_PORT_BASE ?? 22000) + 100;
const RECORDER_PORT_BASE = 59000 + (Math.floor(E2E_PORT / 100) % 10) * 600;

interface HealthNode {
  id: string;
  publicUrl: string;
  rooms: string[];
}

/** The node that holds `sessionId`'s room, as a live node's /api/health tells an administrator. */
async function roomNode(cluster: ClusterNodes, sessionId: string): Promise<ServerProcess | undefined> {
  for (const node of cluster.nodes.filter((n) => n.running)) {
    const admin = await apiRequest(node.url, { method: 'POST', path: '/api/auth/sign-in', json: { username: 'admin', password: 'Window@2026' } }).catch(() => null);
    const cookie = admin?.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) continue;
    const health = await apiRequest(node.url, { method: 'GET', path: '/api/health', cookie }).catch(() => null);
    const nodes = (health?.body as { nodes?: HealthNode[] } | undefined)?.nodes ?? [];
    const holder = nodes.find((n) => n.rooms.includes(sessionId));
    if (holder) return cluster.nodes.find((n) => n.running && n.url === holder.publicUrl);
  }
  return undefined;
}

test.describe('two nodes', () => {
  test.describe.configure({ mode: 'serial', timeout: 180_000 });
  let cluster: ClusterNodes | undefined;
  let balancer: LoadBalancer;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    // The balancer first: the nodes are told its URL (pages served there may open any node's signaling).
    balancer = await LoadBalancer.start(() => cluster?.nodes.map((node) => node.port) ?? []);
    // Segments of 2 s, so that several are complete (hashed, in the audit chain) before the kill.
    cluster = await ClusterNodes.start({
      rtcPortBase: RTC_PORT_BASE,
      recorderPortBase: RECORDER_PORT_BASE,
      env: { VWINDOW_RECORDING_SEGMENT_SECONDS: '2', VWINDOW_CLUSTER_URL: balancer.url },
    });
  });
  test.afterEach(async () => {
    const testInfo = test.info();
    if (testInfo.status === testInfo.expectedStatus) return;
    // What the nodes said last, for a failure that cannot be rerun at will.
    for (const node of cluster?.nodes ?? []) {
      console.log(`node ${node.url} (${node.running ? 'running' : 'stopped'}) said last:\n${node.output}`);
      await testInfo.attach(`node ${node.url}`, { body: node.output, contentType: 'text/plain' });
      if (node.running) {
        const health = await apiRequest(node.url, { method: 'GET', path: '/api/health' }, 5_000).then((r) => String(r.status), (error: Error) => error.message);
        console.log(`node ${node.url} asked directly for /api/health: ${health}`);
      }
    }
    if (cluster) {
      // What the database was doing: a node waiting on a lock, or a connection of the killed node still there.
      const client = new pg.Client({ connectionString: cluster.databaseUrl });
      await client.connect();
      const activity = await client.query(`SELECT pid, application_name, client_port, state, wait_event_type, wait_event, now() - xact_start AS in_transaction, left(query, 160) AS query FROM pg_stat_activity WHERE datname = 'vwindow' AND pid <> pg_backend_pid()`);
      const locks = await client.query(`SELECT pid, locktype, mode, granted, classid, objid FROM pg_locks WHERE NOT granted OR locktype = 'advisory'`);
      const audit = await client.query(`SELECT action, entity_type, count(*)::int AS n, max(at) AS last FROM audit_log WHERE at > now() - interval '60 seconds' GROUP BY 1, 2 ORDER BY n DESC LIMIT 20`);
      await client.end();
      console.log(`audit rows of the last 60 s:\n${audit.rows.map((r) => JSON.stringify(r)).join('\n')}`);
      console.log(`pg_stat_activity:\n${activity.rows.map((r) => JSON.stringify(r)).join('\n')}\npg_locks:\n${locks.rows.map((r) => JSON.stringify(r)).join('\n')}`);
    }
  });
  test.afterAll(async () => {
    await balancer?.close();
    await cluster?.stop();
  });

  test('a local clerk on node A and a home clerk on node B hold a call: frames decoded both ways', async ({ browser }, testInfo) => {
    const [a, b] = cluster!.nodes;
    // The local clerk stands by on A before the home clerk accepts on B: the room is A's.
    const call = await startCall({ local: browser, home: browser, contextOptions: { baseURL: a!.url }, homeContextOptions: { baseURL: b!.url } }, undefined, { localStandsBy: true });
    try {
      await expectMediaBothWays(call);
      // The room is on A; the home clerk, whose console is on B, was sent there for media.
      expect((await roomNode(cluster!, call.sessionId))?.url).toBe(a!.url);
      // Recorded where the room is, although the accept was made on the home clerk's node: both
      // cameras' segments (2 s each) are finished and listed once the session has ended.
      await call.localPage.waitForTimeout(4_500);
      await call.homePage.getByRole('button', { name: '结束视频会话' }).click();
      await call.homePage.getByRole('button', { name: '确认结束' }).click();
      await expect(call.localPage.getByRole('heading', { name: '视频会话已结束' })).toBeVisible();
      await expect
        .poll(
          async () => {
            const view = (await pageApi<{ recording: SessionRecordingView }>(call.homePage, 'GET', `/api/sessions/${call.sessionId}/recording`)).body.recording;
            const cameras = view.entries.filter((e) => e.entry === 'segment' && e.source === 'camera');
            return [...new Set(cameras.map((e) => e.side))].sort();
          },
          { message: 'both cameras recorded', timeout: 30_000, intervals: [1000] },
        )
        .toEqual(['home', 'local']);
    } finally {
      await call.close(testInfo);
    }
  });

  test("the room's node killed mid-call: media back through the other node within 10 s, nothing lost", async ({ browser }, testInfo) => {
    const call = await startCall({ local: browser, home: browser, contextOptions: { baseURL: balancer.url } });
    try {
      await expectMediaBothWays(call);
      const work = await acceptWork(call, () => balancer.url);
      // Let a few recording segments complete (2 s each).
      await call.localPage.waitForTimeout(5_000);
      const holder = await roomNode(cluster!, call.sessionId);
      expect(holder, 'a node holds the room').toBeDefined();

      const before = await cameraFrames(call);
      const killedAt = Date.now();
      await holder!.stop('SIGKILL');
      await expectMediaBackBothWays(call, before, 10_000);
      const back = Date.now() - killedAt;
      testInfo.annotations.push({ type: 'media back both ways after the node kill', description: `${back} ms` });
      console.log(`node killed: media back both ways after ${back} ms`);
      expect(back).toBeLessThanOrEqual(10_000);
      const survivor = await roomNode(cluster!, call.sessionId);
      expect(survivor, 'the room re-created on the surviving node').toBeDefined();
      expect(survivor).not.toBe(holder);

      await work.nothingLost('after the node was killed');
      await work.chat('身份证已核验');
      await work.nothingLost('a chat line after the failover');
      // The recording up to the last complete segment is kept, hashed in the one audit chain.
      const supervisor = await apiRequest(balancer.url, { method: 'POST', path: '/api/auth/sign-in', json: { username: 'pinghu.supervisor', password: 'Window@2026' } });
      const cookie = supervisor.headers.get('set-cookie')!.split(';')[0]!;
      const verdict = (await apiRequest(balancer.url, { method: 'GET', path: '/api/audit/verify', cookie })).body as { audit: { ok: boolean; recordingSegments?: number } };
      expect(verdict, JSON.stringify(verdict)).toMatchObject({ audit: { ok: true } });
      expect(verdict.audit.recordingSegments ?? 0).toBeGreaterThanOrEqual(4);
    } finally {
      await call.close(testInfo);
    }
  });
});

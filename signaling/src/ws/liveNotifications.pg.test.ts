/**
 * Presence over nodes by live events on a real PostgreSQL: each node tells when a clerk's first
 * connection on it opens or the last closes; a node that starts asks the others (presence.sync), so it
 * learns who is already connected elsewhere; a node that restarts is forgotten until it tells again.
 */
import { WSContext } from 'hono/ws';
import { createTestPostgres, type TestPostgres } from '@vwindow/db/testing/testPostgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresLiveEvents, type PostgresLiveEvents } from '../cluster/postgresLiveEvents';
import { createLogger } from '../logger';
import type { SignedInStaff } from '../protocol';
import { ConnectionHub } from './ConnectionHub';
import { startLiveNotifications, type LiveNotifications, type LiveNotificationsOptions } from './liveNotifications';
import { SignalingConnection, type Handlers } from './SignalingConnection';
import { StaffPresence } from './staffPresence';

interface Node {
  hub: ConnectionHub;
  presence: StaffPresence;
  events: PostgresLiveEvents;
  live: LiveNotifications;
}

let store: TestPostgres;
const nodes: Node[] = [];
const logger = createLogger('silent');

/** Presence events never ask a service for anything: any call would be a bug. */
const noServices = new Proxy({}, { get: () => new Proxy({}, { get: () => () => Promise.reject(new Error('not expected')) }) }) as Omit<LiveNotificationsOptions, 'events' | 'hub' | 'presence' | 'logger'>;

async function startNode(nodeId: string): Promise<Node> {
  const events = await startPostgresLiveEvents({ nodeId, url: store.databaseUrl, pool: store.pool, onError: () => {} });
  const hub = new ConnectionHub();
  const presence = new StaffPresence({ hub });
  const live = startLiveNotifications({ events, hub, presence, logger, ...noServices });
  const node = { hub, presence, events, live };
  nodes.push(node);
  return node;
}

async function stopNode(node: Node): Promise<void> {
  node.live.stop();
  await node.events.close();
}

function connection(id: number): SignalingConnection {
  const socket = new WSContext({ send: () => undefined, close: () => undefined, readyState: 1 });
  return new SignalingConnection({ id, role: 'local_clerk' } as SignedInStaff, socket, {} as Handlers, logger, new Date(Date.now() + 60_000), async () => {});
}

async function until(done: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

beforeAll(async () => {
  store = await createTestPostgres({ maxConnections: 4 });
});
afterAll(async () => {
  for (const node of nodes) await stopNode(node);
  await store?.dispose();
});

describe('presence over nodes', () => {
  it('a clerk connected to node A is online on node B until their last tab on A closes', async () => {
    const a = await startNode('node-a');
    const b = await startNode('node-b');
    const first = connection(11);
    const second = connection(11);
    a.hub.add(first);
    a.hub.add(second);
    await until(() => b.presence.offlineSince(11) === null, 'B to see the clerk on A');
    a.hub.remove(first);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(b.presence.offlineSince(11)).toBeNull();
    a.hub.remove(second);
    await until(() => b.presence.offlineSince(11) !== null, 'B to see the clerk leave A');
    expect(Date.now() - b.presence.offlineSince(11)!).toBeLessThan(5_000);
  });

  it('a node started later learns who is connected elsewhere; a node restarted is forgotten until it tells again', async () => {
    const a = nodes[0]!;
    a.hub.add(connection(12));
    const c = await startNode('node-c');
    await until(() => c.presence.offlineSince(12) === null, 'the new node C to learn of the clerk on A');
    // C goes away with a clerk on it and comes back (same id) without them: A forgets them.
    c.hub.add(connection(13));
    await until(() => a.presence.offlineSince(13) === null, 'A to see the clerk on C');
    await stopNode(c);
    const again = await startNode('node-c');
    await until(() => a.presence.offlineSince(13) !== null, 'A to forget the restarted node C’s clerk');
    // A forgets on C's presence.sync and answers it with its own clerks: C learns of them just after.
    await until(() => again.presence.offlineSince(12) === null, 'the restarted node C to learn of the clerk on A');
    expect(a.presence.offlineSince(13)).not.toBeNull();
  });
});

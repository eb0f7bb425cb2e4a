/** Presence over nodes: online while connected on this node or another; offline since the last connection anywhere closed. */
import { WSContext } from 'hono/ws';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import type { SignedInStaff } from '../protocol';
import { ConnectionHub } from './ConnectionHub';
import { SignalingConnection, type Handlers } from './SignalingConnection';
import { StaffPresence } from './staffPresence';

function connection(id: number): SignalingConnection {
  const socket = new WSContext({ send: () => undefined, close: () => undefined, readyState: 1 });
  return new SignalingConnection({ id, role: 'local_clerk' } as SignedInStaff, socket, {} as Handlers, createLogger('silent'), new Date(Date.now() + 60_000), async () => {});
}

describe('StaffPresence', () => {
  it('counts a clerk connected to another node as online, and offline from when they left the last node', () => {
    let now = 1_000;
    const hub = new ConnectionHub({ now: () => now });
    const presence = new StaffPresence({ hub, now: () => now });
    expect(presence.offlineSince(7)).toBe(1_000);
    now = 2_000;
    presence.changedElsewhere('node-b', 7, true);
    presence.changedElsewhere('node-c', 7, true);
    expect(presence.offlineSince(7)).toBeNull();
    now = 3_000;
    presence.changedElsewhere('node-b', 7, false);
    expect(presence.offlineSince(7)).toBeNull();
    now = 4_000;
    presence.changedElsewhere('node-c', 7, false);
    expect(presence.offlineSince(7)).toBe(4_000);
    // A node that never had them going offline changes nothing.
    now = 5_000;
    presence.changedElsewhere('node-d', 7, false);
    expect(presence.offlineSince(7)).toBe(4_000);
  });

  it('takes the later of leaving here and leaving elsewhere, and is online while connected here whatever other nodes say', () => {
    let now = 1_000;
    const hub = new ConnectionHub({ now: () => now });
    const presence = new StaffPresence({ hub, now: () => now });
    const tab = connection(7);
    hub.add(tab);
    presence.changedElsewhere('node-b', 7, true);
    presence.changedElsewhere('node-b', 7, false);
    expect(presence.offlineSince(7)).toBeNull();
    now = 6_000;
    hub.remove(tab);
    expect(presence.offlineSince(7)).toBe(6_000);
  });

  it("forgets a node's clerks when it restarts: they count as gone from then", () => {
    let now = 1_000;
    const hub = new ConnectionHub({ now: () => now });
    const presence = new StaffPresence({ hub, now: () => now });
    presence.changedElsewhere('node-b', 7, true);
    presence.changedElsewhere('node-b', 8, true);
    presence.changedElsewhere('node-c', 8, true);
    now = 9_000;
    presence.forgetNode('node-b');
    expect(presence.offlineSince(7)).toBe(9_000);
    expect(presence.offlineSince(8)).toBeNull();
  });
});

/** Notices reach exactly their audience on this node: named staff (all their tabs), home clerks of one jurisdiction, supervisors over it. */
import { WSContext } from 'hono/ws';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import type { SignedInStaff } from '../protocol';
import { ConnectionHub } from './ConnectionHub';
import { caseWatchers, notice, sessionWatchers } from './notices';
import { SignalingConnection, type Handlers } from './SignalingConnection';

function connect(hub: ConnectionHub, staff: Partial<SignedInStaff> & { id: number }) {
  const received: string[] = [];
  const socket = new WSContext({ send: (data) => void received.push((JSON.parse(String(data)) as { method: string }).method), close: () => undefined, readyState: 1 });
  const connection = new SignalingConnection(staff as SignedInStaff, socket, {} as Handlers, createLogger('silent'), new Date(Date.now() + 60_000), async () => {});
  hub.add(connection);
  return received;
}

describe('ConnectionHub.deliver', () => {
  const hub = new ConnectionHub();
  const local = connect(hub, { id: 1, role: 'local_clerk', jurisdictionCode: '110105' });
  const localTab = connect(hub, { id: 1, role: 'local_clerk', jurisdictionCode: '110105' });
  const home = connect(hub, { id: 2, role: 'home_clerk', jurisdictionCode: '330482' });
  const otherHome = connect(hub, { id: 3, role: 'home_clerk', jurisdictionCode: '330481' });
  const provinceSupervisor = connect(hub, { id: 4, role: 'supervisor', jurisdictionCode: '330000' });
  const otherSupervisor = connect(hub, { id: 5, role: 'supervisor', jurisdictionCode: '110000' });
  const all = [local, localTab, home, otherHome, provinceSupervisor, otherSupervisor];
  const clear = () => all.forEach((r) => (r.length = 0));

  it("sends a session's notices to its two clerks (every tab) and the supervisors over it, once each", () => {
    clear();
    const session = { localClerkId: 1, homeClerkId: 2, homeJurisdictionCode: '330482' };
    hub.deliver(notice(sessionWatchers(session), 'room.reset', { sessionId: 'x' }));
    expect(all.map((r) => r.length)).toEqual([1, 1, 1, 0, 1, 0]);
  });

  it("sends a waiting session's notices (no home clerk yet) to its local clerk and supervisors only", () => {
    clear();
    hub.deliver(notice(sessionWatchers({ localClerkId: 1, homeClerkId: null, homeJurisdictionCode: '330482' }), 'room.reset', { sessionId: 'x' }));
    expect(all.map((r) => r.length)).toEqual([1, 1, 0, 0, 1, 0]);
  });

  it("sends a case's notices to its local clerk, every home clerk of its jurisdiction and the supervisors over it", () => {
    clear();
    hub.deliver(notice(caseWatchers(1, '330482'), 'room.reset', { sessionId: 'x' }));
    expect(all.map((r) => r.length)).toEqual([1, 1, 1, 0, 1, 0]);
    clear();
    hub.deliver(notice(caseWatchers(undefined, '330481'), 'room.reset', { sessionId: 'x' }));
    expect(all.map((r) => r.length)).toEqual([0, 0, 0, 1, 1, 0]);
  });

  it("sends a queue to the home clerks of exactly that jurisdiction", () => {
    clear();
    hub.deliver(notice({ homeClerksOf: '330482' }, 'room.reset', { sessionId: 'x' }));
    expect(all.map((r) => r.length)).toEqual([0, 0, 1, 0, 0, 0]);
    expect(home).toEqual(['room.reset']);
  });
});

/**
 * Every HTTP API route × every actor (nobody, clerks on and off the session, in and out of its
 * jurisdiction, supervisors over it and not, the admin) against the rules in matrix.ts, on a real
 * server; every refusal leaves its one audit row. The route list is the Hono app's own: a route
 * without a matrix entry fails here. Then the WebSocket: only the session's clerks and the supervisor
 * over it join its room.
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apiRequest, errorCode, type ApiResponse } from '../../support/apiClient';
import { registeredRoutes } from '../../support/apiRoutes';
import { TestSignalingClient } from '../../support/signalingClient';
import { startTestServer, type TestServer } from '../../support/testServer';
import { actorNames, actors, signInActors, signInAs, type Actor } from '../../support/actors';
import { Fixtures } from '../../support/apiFixtures';
import { auditRowsSince, lastAuditId as lastAuditIdOf } from '../../support/storeRows';
import { matrix, type MatrixEntry, type Shared } from './matrix';

const method = (entry: MatrixEntry) => entry.route.split(' ')[0]!;

interface AuditRow {
  id: number;
  action: string;
  after: Record<string, unknown> | null;
}

describe('authorization matrix', () => {
  let server: TestServer;
  let f: Fixtures;
  let shared: Shared;

  const auditSince = async (id: number): Promise<AuditRow[]> => await auditRowsSince(server.services.database, id);
  const lastAuditId = async () => await lastAuditIdOf(server.services.database);

  beforeAll(async () => {
    server = await startTestServer();
    f = new Fixtures(server, await signInActors(server));
    const active = await f.active();
    shared = {
      waiting: await f.waiting(),
      active,
      captureId: await f.capture(active),
      kase: await f.withCase(),
      ended: await f.ended(),
      ratingToken: '',
      verified: (await f.verified()).sessionId,
      ratingId: (await f.badRating()).ratingId,
      followUp: await f.followUp(),
      appeal: await f.appeal(),
      ...(await f.signedAndNoticed()),
    };
    shared.ratingToken = await f.ratingToken(shared.ended);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('has an entry for every route the app registers, and none for a route it does not', async () => {
    const registered = registeredRoutes();
    const inMatrix = [...new Set(matrix.map((entry) => entry.route))].sort();
    expect(registered.length).toBeGreaterThan(40);
    expect({ withoutEntry: registered.filter((r) => !inMatrix.includes(r)), notRegistered: inMatrix.filter((r) => !registered.includes(r)) }).toEqual({
      withoutEntry: [],
      notRegistered: [],
    });
  });

  it('answers every route × actor as the rules say, and leaves one audit row per refusal', async () => {
    const wrong: string[] = [];
    let cells = 0;
    for (const entry of matrix) {
      for (const actor of actorNames) {
        const expected = entry.expect[actor];
        const part = await entry.request(f, shared, expected < 300);
        const username = actors[actor];
        const cookie = entry.ownSignIn && username !== null ? await signInAs(server, username) : f.cookies[actor];
        const before = await lastAuditId();
        const response = await apiRequest(server.url, { ...part, method: method(entry), cookie });
        cells++;
        const label = `${entry.route}${entry.on ? ` (${entry.on})` : ''} as ${actor}`;
        if (response.status !== expected) {
          wrong.push(`${label}: ${response.status} ${errorCode(response) ?? ''}, expected ${expected}`);
          continue;
        }
        if (expected === 401 || expected === 403) {
          const problem = refusalAuditProblem(response, await auditSince(before));
          if (problem) wrong.push(`${label}: ${problem}`);
        }
      }
    }
    console.log(`authorization matrix: ${cells} cells over ${new Set(matrix.map((e) => e.route)).size} routes`);
    expect(wrong).toEqual([]);
    // About 10 s on a quiet machine; far more when 2 cores are shared by many.
  }, 180_000);

  describe('the signaling WebSocket', () => {
    const open: TestSignalingClient[] = [];
    afterAll(() => open.forEach((client) => client.close()));

    it('lets only the session’s two clerks and the supervisor over it join its room; each refusal is audited', async () => {
      const outcomes: Partial<Record<Actor, string>> = {};
      for (const actor of actorNames) {
        const cookie = f.cookies[actor];
        if (cookie === null) continue;
        const client = await TestSignalingClient.connect(server, cookie);
        open.push(client);
        const before = await lastAuditId();
        const joined = await client.request('session.join', { sessionId: shared.active });
        outcomes[actor] = joined.ok ? 'joined' : joined.error!.code;
        if (!joined.ok) {
          const rows = await auditSince(before);
          expect(rows.map((r) => r.action), `${actor}'s refusal audited`).toEqual(['session.join_refused']);
          expect(rows[0]!.after).toMatchObject({ actor: actors[actor], reason: 'FORBIDDEN' });
          // Nor may they write into its chat.
          const chat = await client.request('chat.send', { sessionId: shared.active, text: '你好' });
          expect(chat.error?.code, `${actor} chat`).toBe('FORBIDDEN');
        }
        await client.request('session.leave', { sessionId: shared.active });
      }
      expect(outcomes).toEqual({
        'local.own': 'joined',
        'local.other': 'FORBIDDEN',
        'local.homeJurisdiction': 'FORBIDDEN',
        'home.own': 'joined',
        'home.colleague': 'FORBIDDEN',
        'home.other': 'FORBIDDEN',
        'supervisor.own': 'joined',
        'supervisor.other': 'FORBIDDEN',
        admin: 'FORBIDDEN',
      });
    });

    it('refuses the upgrade without a sign-in (401) and from another origin (403), audited', async () => {
      const url = `${server.url.replace('http', 'ws')}/ws`;
      const statusOf = async (headers: Record<string, string>) => {
        const socket = new WebSocket(url, { headers });
        const [, response] = (await once(socket, 'unexpected-response')) as [unknown, { statusCode: number }];
        return response.statusCode;
      };
      const before = await lastAuditId();
      expect(await statusOf({ origin: new URL(server.url).origin })).toBe(401);
      expect(await statusOf({ origin: 'https://evil.example', cookie: f.cookies['home.other']! })).toBe(403);
      expect((await auditSince(before)).map((r) => [r.action, r.after?.reason])).toEqual([
        ['access.refused', 'AUTH_REQUIRED'],
        ['access.refused', 'WS_ORIGIN_REFUSED'],
      ]);
    });
  });

  // Each of these was served before the Origin check on state-changing /api requests.
  describe('a state-changing request from another origin', () => {
    for (const entry of matrix.filter((e) => method(e) !== 'GET' && !e.on)) {
      const allowed = actorNames.find((actor) => entry.expect[actor] < 300)!;
      it(`${entry.route} as ${allowed} with Origin: https://evil.example → 403`, async () => {
        const part = await entry.request(f, shared, true);
        const username = actors[allowed];
        const cookie = entry.ownSignIn && username !== null ? await signInAs(server, username) : f.cookies[allowed];
        const response = await apiRequest(server.url, { ...part, method: method(entry), cookie, origin: 'https://evil.example' });
        expect(response.status).toBe(403);
      });
    }
  });
});

/** What is wrong with the audit rows a refusal left (null when it left exactly one, naming its code). */
function refusalAuditProblem(response: ApiResponse, rows: AuditRow[]): string | null {
  const refusals = rows.filter((row) => row.action.endsWith('refused'));
  if (refusals.length !== 1) return `refusal left ${refusals.length} refusal audit rows (${rows.map((r) => r.action).join(', ') || 'none'})`;
  const after = (refusals[0]!.after ?? {}) as { reason?: string };
  return after.reason === errorCode(response) ? null : `audit row reason ${after.reason}, answer ${errorCode(response)}`;
}

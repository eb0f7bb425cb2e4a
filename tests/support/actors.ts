/**
 * Who the authorization matrix asks as: nobody signed in, and the seed's demo accounts chosen by how
 * they stand to the fixtures' sessions, which lianshui.local (涟水) starts for 平湖 (330482) and
 * pinghu.home accepts.
 */
import { apiRequest } from './apiClient';
import type { TestServer } from './testServer';

export const actors = {
  anonymous: null,
  /** The local clerk who started the session. */
  'local.own': 'lianshui.local',
  /** A local clerk of another jurisdiction (泰州), not in the session. */
  'local.other': 'taizhou.local',
  /** A local clerk of the session's home jurisdiction (平湖), not in the session. */
  'local.homeJurisdiction': 'pinghu.local',
  /** The home clerk who accepted the session (平湖). */
  'home.own': 'pinghu.home',
  /** A home clerk of the session's jurisdiction who did not take it. */
  'home.colleague': 'pinghu.home2',
  /** A home clerk of another jurisdiction (淮北). */
  'home.other': 'huaibei.home',
  /** The supervisor over the session's home jurisdiction. */
  'supervisor.own': 'pinghu.supervisor',
  /** A supervisor over another province (江苏): over the local clerk's hall, not over the session's home jurisdiction. */
  'supervisor.other': 'jiangsu.supervisor',
  admin: 'admin',
} as const;

export type Actor = keyof typeof actors;
export const actorNames = Object.keys(actors) as Actor[];

/** Signs in through the API (with the product's Origin) and returns the cookie to send. */
export async function signInAs(server: TestServer, username: string): Promise<string> {
  const response = await apiRequest(server.url, { method: 'POST', path: '/api/auth/sign-in', json: { username, password: 'Window@2026' } });
  const cookie = response.headers.get('set-cookie');
  if (response.status !== 200 || !cookie) throw new Error(`sign-in of ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  return cookie.split(';')[0]!;
}

/** Signs every actor in once, one after another (password checks are limited per address). */
export async function signInActors(server: TestServer): Promise<Record<Actor, string | null>> {
  const cookies = {} as Record<Actor, string | null>;
  for (const actor of actorNames) {
    const username = actors[actor];
    cookies[actor] = username === null ? null : await signInAs(server, username);
  }
  return cookies;
}

/** `status` for the listed actors, 401 for anonymous and `otherwise` (403) for everyone else. */
export function only(allowed: Partial<Record<Actor, number>>, otherwise = 403): Record<Actor, number> {
  return Object.fromEntries(actorNames.map((actor) => [actor, allowed[actor] ?? (actor === 'anonymous' ? 401 : otherwise)])) as Record<Actor, number>;
}

/** The same status for every signed-in actor, 401 for anonymous. */
export function signedIn(status: number): Record<Actor, number> {
  return only({}, status);
}

/** The same status for everyone, signed in or not (public endpoints). */
export function everyone(status: number): Record<Actor, number> {
  return Object.fromEntries(actorNames.map((actor) => [actor, status])) as Record<Actor, number>;
}

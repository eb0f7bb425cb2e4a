/**
 * The matrix's cells of the guest (第三方) routes: the session's two clerks invite and remove, the
 * clerk who invited admits or refuses (the other clerk is refused too), the session's readers list
 * its guests; the guest's own routes are public (the link and the guest cookie are what count).
 * A cell that is to succeed makes its own session and guest; refused ones share one of each.
 */
import type { Fixtures } from '../../support/apiFixtures';
import { everyone, only } from '../../support/actors';
import type { MatrixEntry, Shared } from './matrix';

/** A guest the local clerk invited into `sessionId`, knocking or not yet; its id and link token. */
async function guestOf(f: Fixtures, sessionId: string, knock: boolean): Promise<{ id: number; token: string }> {
  const { invitation } = await f.as<{ invitation: { guest: { id: number }; path: string } }>(
    'local.own',
    { method: 'POST', path: `/api/sessions/${sessionId}/guests`, json: { role: 'family_member' } },
    201,
  );
  const token = invitation.path.split('/').at(-1)!;
  if (knock) await f.as('anonymous', { method: 'POST', path: `/api/public/guests/${token}/knock`, json: { name: '王小明' } }, 201);
  return { id: invitation.guest.id, token };
}

/** One knocking guest of the shared active session for the cells that are refused (made once). */
let sharedGuest: Promise<{ id: number; token: string }> | undefined;
const knockingGuest = (f: Fixtures, s: Shared, fresh: boolean) => (fresh ? f.active().then((id) => guestOf(f, id, true).then((g) => ({ ...g, sessionId: id }))) : (sharedGuest ??= guestOf(f, s.active, true)).then((g) => ({ ...g, sessionId: s.active })));
/** A link not used yet (of its own session, so that the shared session keeps room for its guest). */
let sharedLink: Promise<string> | undefined;

export const guestCells: MatrixEntry[] = [
  {
    route: 'POST /api/sessions/:id/guests',
    request: async (f, s, fresh) => ({ path: `/api/sessions/${fresh ? await f.active() : s.active}/guests`, json: { role: 'sign_interpreter' } }),
    expect: only({ 'local.own': 201, 'home.own': 201 }),
  },
  { route: 'GET /api/sessions/:id/guests', request: (_f, s) => ({ path: `/api/sessions/${s.active}/guests` }), expect: only({ 'local.own': 200, 'home.own': 200, 'supervisor.own': 200 }) },
  // Only the clerk who invited (here the local clerk) admits or refuses; the other clerk is refused too.
  {
    route: 'POST /api/sessions/:id/guests/:guestId/admit',
    request: async (f, s, fresh) => {
      const guest = await knockingGuest(f, s, fresh);
      return { path: `/api/sessions/${guest.sessionId}/guests/${guest.id}/admit` };
    },
    expect: only({ 'local.own': 200 }),
  },
  {
    route: 'POST /api/sessions/:id/guests/:guestId/refuse',
    request: async (f, s, fresh) => {
      const guest = await knockingGuest(f, s, fresh);
      return { path: `/api/sessions/${guest.sessionId}/guests/${guest.id}/refuse` };
    },
    expect: only({ 'local.own': 200 }),
  },
  {
    route: 'POST /api/sessions/:id/guests/:guestId/remove',
    request: async (f, s, fresh) => {
      const guest = await knockingGuest(f, s, fresh);
      return { path: `/api/sessions/${guest.sessionId}/guests/${guest.id}/remove` };
    },
    expect: only({ 'local.own': 200, 'home.own': 200 }),
  },
  // Public: the link is the credential (read by anyone who has it; the knock uses it up).
  {
    route: 'GET /api/public/guests/:token',
    request: async (f) => ({ path: `/api/public/guests/${await (sharedLink ??= f.active().then((id) => guestOf(f, id, false).then((g) => g.token)))}` }),
    expect: everyone(200),
  },
  {
    route: 'POST /api/public/guests/:token/knock',
    request: async (f) => ({ path: `/api/public/guests/${(await guestOf(f, await f.active(), false)).token}/knock`, json: { name: '王小明' } }),
    expect: everyone(201),
  },
  // Without the guest cookie nobody is a guest: the link's key is unknown.
  { route: 'GET /api/public/guest', request: () => ({ path: '/api/public/guest' }), expect: everyone(404) },
];

/**
 * 第三方 (guests): every rule about inviting someone into a session. One of the session's two clerks
 * invites a guest with a role and gets a one-time link (32 random bytes; only its sha256 is stored);
 * the guest opens it without an account, types a name and knocks, which uses the link up and gives the
 * guest's browser a key of its own (stored hashed too); the clerk who invited admits or refuses; either
 * clerk removes. The link and the key are good only while the session is active. Every invitation,
 * knock, admission, refusal and removal is one audit row; a refused link or key leaves one refusal row
 * and changes nothing. HTTP routes and the guest WebSocket are thin adapters over this.
 */
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  appendAudit,
  findGuest,
  findSession,
  guestByKeyHash,
  guestByTokenHash,
  guestsOfSession,
  insertGuest,
  inviterName,
  moveGuest,
  sessionDetails,
  type Database,
  type GuestRow,
  type SessionRow,
} from '@vwindow/db';
import { refused } from '../audit/refusals';
import { inBackground } from '../background';
import { AppError, parseOrThrow } from '../errors';
import { createLogger, type Logger } from '../logger';
import {
  GUEST_PAGE_PATH,
  MAX_GUESTS_PER_SESSION,
  guestPeerId,
  inviteGuestRequest,
  knockRequest,
  type GuestInvitation,
  type GuestPageView,
  type GuestStatus,
  type GuestView,
  type InviteGuestRequest,
  type KnockRequest,
  type SignedInStaff,
} from '../protocol';
import { refusal, sideOf } from '../sessions/access';
import type { SessionService } from '../sessions/SessionService';
import { notice, sessionWatchers, type LiveNotifier, type Notice } from '../ws/notices';

export interface GuestServiceOptions {
  database: Database;
  sessions: SessionService;
  live: LiveNotifier;
  now?: () => Date;
  /** Where the work done on a session's end (its guests leave) logs its failures. */
  logger?: Logger;
}

export interface GuestServiceEvents {
  /** The guest may no longer be in the call (removed, or the session ended): its connections close. */
  gone: [guestId: number];
}

/** The guest as admitted into the call: what their WebSocket is allowed to do. */
export interface AdmittedGuest {
  id: number;
  sessionId: string;
  name: string;
  role: GuestRow['role'];
}

/** Who asked, at the public edges (the guest's page and WebSocket): the client's address. */
export interface GuestCaller {
  address: string | null;
}

/** States in which a guest still counts towards the session's guests. */
const OPEN: readonly GuestStatus[] = ['invited', 'knocking', 'admitted'];

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export class GuestService extends EventEmitter<GuestServiceEvents> {
  readonly #options: GuestServiceOptions;
  readonly #now: () => Date;

  constructor(options: GuestServiceOptions) {
    super();
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    // The session's end closes every link and key of it; admitted guests leave the call.
    options.sessions.on('closed', (sessionId) =>
      inBackground(options.logger ?? createLogger(), 'could not send the guests of an ended session away', async () => {
        for (const { guest } of await guestsOfSession(this.#db, sessionId)) if (guest.status === 'admitted') this.emit('gone', guest.id);
      }, { sessionId }),
    );
  }

  get #db() {
    return this.#options.database.db;
  }

  /** A clerk of the active session invites a guest: the one-time link, shown once. */
  async invite(staff: SignedInStaff, sessionId: string, request: InviteGuestRequest): Promise<GuestInvitation> {
    const { role } = parseOrThrow(inviteGuestRequest, request);
    const session = await this.#clerkSession(staff, sessionId, 'guest.invite_refused');
    if (session.status !== 'active') throw new AppError('SESSION_NOT_ACTIVE');
    const open = (await guestsOfSession(this.#db, sessionId)).filter(({ guest }) => OPEN.includes(guest.status));
    if (open.length >= MAX_GUESTS_PER_SESSION) throw new AppError('GUEST_LIMIT_REACHED', { limit: MAX_GUESTS_PER_SESSION });
    const token = newSecret();
    const row = await insertGuest(this.#db, { sessionId, role, tokenHash: hashSecret(token), invitedById: staff.id, invitedAt: this.#now() });
    await this.#audit(staff, 'guest.invited', row, null, { role, status: row.status });
    const guest = await this.#changed(session, row);
    return { guest, path: `${GUEST_PAGE_PATH}/${token}` };
  }

  /** The session's guests, for its two clerks and the supervisors over it. */
  async list(staff: SignedInStaff, sessionId: string): Promise<GuestView[]> {
    const session = await findSession(this.#db, sessionId);
    if (!session) throw new AppError('SESSION_NOT_FOUND');
    if (sideOf(staff, session) === null) throw await refusal(this.#db, staff, 'guest.list_refused', { type: 'session', id: sessionId });
    return (await guestsOfSession(this.#db, sessionId)).map(({ guest, inviterName: name }) => viewOf(guest, name));
  }

  /**
   * What the guest page shows for `token`: the invitation while its link is unused, or, to the browser
   * that knocked with it (`key`), where that guest stands. Anyone else gets the link refused.
   */
  async page(token: string, key: string | null, caller: GuestCaller): Promise<GuestPageView> {
    const row = await guestByTokenHash(this.#db, hashSecret(token));
    if (!row) throw await this.#refuseLink(caller, 'GUEST_LINK_INVALID', null);
    const mine = key !== null && row.keyHash === hashSecret(key);
    const session = (await findSession(this.#db, row.sessionId))!;
    if (session.status !== 'active') throw await this.#refuseLink(caller, 'GUEST_LINK_EXPIRED', row);
    if (!mine && row.status !== 'invited') throw await this.#refuseLink(caller, 'GUEST_LINK_USED', row);
    if (mine && row.status === 'removed') throw await this.#refuseLink(caller, 'GUEST_LINK_USED', row);
    return await this.#pageView(row);
  }

  /** Where the guest with browser key `key` stands now (their page asks while waiting to be admitted). */
  async status(key: string, caller: GuestCaller): Promise<GuestPageView> {
    const row = await guestByKeyHash(this.#db, hashSecret(key));
    if (!row) throw await this.#refuseLink(caller, 'GUEST_LINK_INVALID', null);
    if ((await findSession(this.#db, row.sessionId))!.status !== 'active') throw await this.#refuseLink(caller, 'GUEST_LINK_EXPIRED', row);
    return await this.#pageView(row);
  }

  /**
   * The guest knocks with the link and the name they typed: the link is used up (of two knocks at once
   * exactly one wins) and the browser gets its key. The inviting clerk is told.
   */
  async knock(token: string, request: KnockRequest, caller: GuestCaller): Promise<{ key: string; view: GuestPageView }> {
    const { name } = parseOrThrow(knockRequest, request);
    const tokenHash = hashSecret(token);
    const found = await guestByTokenHash(this.#db, tokenHash);
    if (!found) throw await this.#refuseLink(caller, 'GUEST_LINK_INVALID', null);
    const session = (await findSession(this.#db, found.sessionId))!;
    if (session.status !== 'active') throw await this.#refuseLink(caller, 'GUEST_LINK_EXPIRED', found);
    const key = newSecret();
    const row = await moveGuest(this.#db, { tokenHash }, ['invited'], { status: 'knocking', name, keyHash: hashSecret(key), knockedAt: this.#now() });
    if (!row) throw await this.#refuseLink(caller, 'GUEST_LINK_USED', found);
    await appendAudit(this.#db, {
      actorId: null,
      action: 'guest.knocked',
      entityType: 'guest',
      entityId: String(row.id),
      before: { status: 'invited' },
      after: { status: row.status, name, sessionId: row.sessionId, ...(caller.address ? { address: caller.address } : {}) },
    });
    await this.#changed(session, row);
    return { key, view: await this.#pageView(row) };
  }

  /** The clerk who invited the guest lets them in. */
  async admit(staff: SignedInStaff, sessionId: string, guestId: number): Promise<GuestView> {
    return await this.#decide(staff, sessionId, guestId, 'admitted');
  }

  /** The clerk who invited the guest turns them away; the link stays used. */
  async refuse(staff: SignedInStaff, sessionId: string, guestId: number): Promise<GuestView> {
    return await this.#decide(staff, sessionId, guestId, 'refused');
  }

  /** Either clerk takes a guest out (admitted, knocking, or a link not used yet, which then refuses). */
  async remove(staff: SignedInStaff, sessionId: string, guestId: number): Promise<GuestView> {
    const session = await this.#clerkSession(staff, sessionId, 'guest.remove_refused');
    const before = await this.#guestOf(session, guestId);
    const row = await moveGuest(this.#db, { id: guestId }, OPEN, { status: 'removed', removedById: staff.id, removedAt: this.#now() });
    if (!row) throw new AppError('GUEST_NOT_FOUND');
    await this.#audit(staff, 'guest.removed', row, { status: before.status }, { status: row.status });
    this.emit('gone', row.id);
    return await this.#changed(session, row);
  }

  /**
   * The guest behind browser key `key`, if admitted into an active session; anyone else is refused
   * (GUEST_NOT_ADMITTED, audited): a guest not admitted cannot open the call's WebSocket.
   */
  async admitted(key: string | null, caller: GuestCaller): Promise<AdmittedGuest> {
    const row = key ? (await guestByKeyHash(this.#db, hashSecret(key))) : undefined;
    const session = row ? (await findSession(this.#db, row.sessionId)) : undefined;
    if (!row || row.status !== 'admitted' || session?.status !== 'active' || !row.name) {
      throw await refused(this.#db, {
        actor: null,
        address: caller.address,
        action: 'guest.join_refused',
        target: { type: row ? 'guest' : 'ws', id: row ? String(row.id) : 'guest' },
        reason: 'GUEST_NOT_ADMITTED',
        ...(row ? { detail: { status: row.status, sessionId: row.sessionId } } : {}),
      });
    }
    return { id: row.id, sessionId: row.sessionId, name: row.name, role: row.role };
  }

  /** Whether guest `id` may still be in the call of `sessionId` (checked again at every join). */
  async mayJoin(id: number, sessionId: string): Promise<boolean> {
    const row = await findGuest(this.#db, id);
    return !!row && row.sessionId === sessionId && row.status === 'admitted' && (await findSession(this.#db, sessionId))?.status === 'active';
  }

  async #decide(staff: SignedInStaff, sessionId: string, guestId: number, to: 'admitted' | 'refused'): Promise<GuestView> {
    const session = await this.#clerkSession(staff, sessionId, `guest.${to === 'admitted' ? 'admit' : 'refuse'}_refused`);
    const guest = await this.#guestOf(session, guestId);
    if (guest.invitedById !== staff.id) {
      throw await refusal(this.#db, staff, `guest.${to === 'admitted' ? 'admit' : 'refuse'}_refused`, { type: 'guest', id: String(guestId) }, { rule: 'only_the_inviting_clerk' });
    }
    if (session.status !== 'active') throw new AppError('SESSION_NOT_ACTIVE');
    const row = await moveGuest(this.#db, { id: guestId }, ['knocking'], { status: to, decidedById: staff.id, decidedAt: this.#now() });
    if (!row) throw new AppError('GUEST_NOT_KNOCKING');
    await this.#audit(staff, `guest.${to}`, row, { status: 'knocking' }, { status: row.status, name: row.name });
    return await this.#changed(session, row);
  }

  /** The session, if `staff` is one of its two clerks; others are refused (audited). */
  async #clerkSession(staff: SignedInStaff, sessionId: string, action: string): Promise<SessionRow> {
    const session = await findSession(this.#db, sessionId);
    if (!session) throw new AppError('SESSION_NOT_FOUND');
    const side = sideOf(staff, session);
    if (side !== 'local' && side !== 'home') throw await refusal(this.#db, staff, action, { type: 'session', id: sessionId });
    return session;
  }

  async #guestOf(session: SessionRow, guestId: number): Promise<GuestRow> {
    const row = await findGuest(this.#db, guestId);
    if (!row || row.sessionId !== session.id) throw new AppError('GUEST_NOT_FOUND');
    return row;
  }

  /** The refusal of a guest link or key, with its audit row (nobody signed in: the address). */
  async #refuseLink(caller: GuestCaller, reason: 'GUEST_LINK_INVALID' | 'GUEST_LINK_USED' | 'GUEST_LINK_EXPIRED', row: GuestRow | null): Promise<AppError> {
    return await refused(this.#db, {
      actor: null,
      address: caller.address,
      action: 'guest.link_refused',
      target: { type: row ? 'guest' : 'guest_link', id: row ? String(row.id) : 'unknown' },
      reason,
      ...(row ? { detail: { status: row.status, sessionId: row.sessionId } } : {}),
    });
  }

  async #audit(staff: SignedInStaff, action: string, row: GuestRow, before: Record<string, unknown> | null, after: Record<string, unknown>): Promise<void> {
    await appendAudit(this.#db, { actorId: staff.id, action, entityType: 'guest', entityId: String(row.id), before, after: { ...after, sessionId: row.sessionId, role: row.role } });
  }

  /** Tells the session's clerks (and supervisors over it) of the guest's new state; returns the view. */
  async #changed(session: SessionRow, row: GuestRow): Promise<GuestView> {
    const view = viewOf(row, await inviterName(this.#db, row.invitedById));
    this.#options.live.tell({ kind: 'guest.updated', sessionId: session.id, guestId: row.id }, [notice(sessionWatchers(session), 'guest.updated', { guest: view })]);
    return view;
  }

  /** A guest's state now, to the session's clerks and the supervisors over it. */
  async guestNotices(guestId: number): Promise<Notice[]> {
    const row = await findGuest(this.#db, guestId);
    const session = row && (await findSession(this.#db, row.sessionId));
    return row && session ? [notice(sessionWatchers(session), 'guest.updated', { guest: viewOf(row, await inviterName(this.#db, row.invitedById)) })] : [];
  }

  async #pageView(row: GuestRow): Promise<GuestPageView> {
    const details = (await sessionDetails(this.#db, row.sessionId))!;
    return {
      role: row.role,
      status: row.status,
      name: row.name,
      matterName: details.matter.name,
      localServicePoint: details.localServicePoint.name,
      homeJurisdiction: details.homeJurisdictionName,
      invitedBy: await inviterName(this.#db, row.invitedById),
      sessionId: row.status === 'admitted' ? row.sessionId : null,
    };
  }
}

function viewOf(row: GuestRow, inviter: string): GuestView {
  return {
    id: row.id,
    sessionId: row.sessionId,
    role: row.role,
    status: row.status,
    name: row.name,
    invitedBy: { id: row.invitedById, displayName: inviter },
    invitedAt: row.invitedAt.toISOString(),
    knockedAt: row.knockedAt?.toISOString() ?? null,
    peerId: guestPeerId(row.id),
  };
}

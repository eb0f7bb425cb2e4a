/**
 * The life of a session: a local clerk starts it, it waits in the home jurisdiction's queue, one home
 * clerk accepts it (atomically), either clerk ends it; the local clerk may cancel while it waits.
 * Every change is written to the audit log and pushed to the people who watch it.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  acceptWaitingSession,
  appendAudit,
  cancelWaitingSession,
  clerkSessionsPage,
  endActiveSession,
  findMatter,
  findSession,
  insertSession,
  openSessionIdsAmong,
  queuePositionOf,
  queueRowOf,
  sessionDetails,
  sessionDetailsOfClerkPage,
  sessionListKey,
  sessionsOfClerk,
  waitingSessionDetails,
  type Database,
  type SessionDetails,
  type SessionRow,
} from '@vwindow/db';
import { inBackground } from '../background';
import { AppError } from '../errors';
import { createLogger, type Logger } from '../logger';
import {
  pageOf,
  t,
  type ClerkSession,
  type Page,
  type PageRequest,
  type PeerSide,
  type StaffSide,
  type QueueEntry,
  type SessionView,
  type SignedInStaff,
} from '../protocol';
import { notice, sessionWatchers, type LiveNotifier, type Notice } from '../ws/notices';
import type { StaffPresence } from '../ws/staffPresence';
import { refusal, sideOf } from './access';
import { toQueueEntry, toSessionView } from './sessionViews';

export interface SessionServiceOptions {
  database: Database;
  /** Where changes are told (this node's connections and the other nodes). */
  live: LiveNotifier;
  /** Who is at a console on any node (the queue's "local window online"). */
  presence: Pick<StaffPresence, 'offlineSince' | 'onPresence'>;
  now?: () => Date;
  /**
   * Whether a waiting session's call may start: `check` runs before a home clerk takes it and throws
   * (with its audit row) to refuse; `openAmong` (the ids whose call may start) is what the queue shows. The server passes the recording
   * notice's rule (recording/RecordingLibrary.ts); the queue is told again through callGateChanged.
   */
  callGate?: { check(staff: SignedInStaff, session: SessionRow): Promise<void>; openAmong(sessions: readonly SessionRow[]): Promise<Set<string>> };
  /** Where work the callers do not wait for (telling the clerks after an accept, presence changes) logs its failures. */
  logger?: Logger;
}

export interface SessionServiceEvents {
  /** A home clerk took the session: both sides are about to join its room. */
  accepted: [sessionId: string];
  /** The session ended or was cancelled; rooms close. */
  closed: [sessionId: string];
}

export interface StartSessionInput {
  citizenName: string;
  citizenIdNumber: string;
  citizenPhone: string;
  homeJurisdictionCode: string;
  matterId: number;
}

export class SessionService extends EventEmitter<SessionServiceEvents> {
  readonly #database: Database;
  readonly #live: LiveNotifier;
  readonly #presence: SessionServiceOptions['presence'];
  readonly #now: () => Date;
  readonly #callGate: SessionServiceOptions['callGate'];
  readonly #logger: Logger;

  constructor(options: SessionServiceOptions) {
    super();
    this.#database = options.database;
    this.#live = options.live;
    this.#presence = options.presence;
    this.#now = options.now ?? (() => new Date());
    this.#callGate = options.callGate;
    this.#logger = options.logger ?? createLogger();
    options.presence.onPresence((staff) => {
      if (staff.role === 'local_clerk') this.#inBackground('could not tell of a local window coming or going', () => this.#localWindowChanged(staff.id));
    });
  }

  #inBackground(what: string, task: () => Promise<unknown>): void {
    inBackground(this.#logger, what, task);
  }

  get #db() {
    return this.#database.db;
  }

  async start(staff: SignedInStaff, input: StartSessionInput): Promise<SessionView> {
    if (staff.role !== 'local_clerk') throw await this.#refuse(staff, 'session.start_refused', 'new', { role: staff.role });
    if (!staff.servicePointId) throw new AppError('NO_SERVICE_POINT');
    const matter = await findMatter(this.#db, input.matterId);
    if (!matter || !matter.active || matter.homeJurisdictionCode !== input.homeJurisdictionCode) {
      throw new AppError('MATTER_NOT_IN_JURISDICTION');
    }
    const row = await insertSession(this.#db, {
      id: randomUUID(),
      matterId: matter.id,
      homeJurisdictionCode: input.homeJurisdictionCode,
      localServicePointId: staff.servicePointId,
      localClerkId: staff.id,
      citizenName: input.citizenName,
      citizenIdNumber: input.citizenIdNumber,
      citizenPhone: input.citizenPhone,
      createdAt: this.#now(),
    });
    await this.#audit(staff, 'session.created', row.id, null, { status: 'waiting', matterId: matter.id, homeJurisdictionCode: row.homeJurisdictionCode });
    await this.#queueChanged(row.homeJurisdictionCode);
    return await this.view(staff, row.id);
  }

  async cancel(staff: SignedInStaff, id: string, reason?: string): Promise<SessionView> {
    const session = await this.#mustFind(id);
    if (session.localClerkId !== staff.id) throw await this.#refuse(staff, 'session.cancel_refused', id);
    const row = await cancelWaitingSession(this.#db, { id, byId: staff.id, at: this.#now(), reason });
    if (!row) throw new AppError('SESSION_NOT_WAITING');
    await this.#audit(staff, 'session.cancelled', id, { status: 'waiting' }, { status: 'cancelled', reason: reason ?? null });
    await this.#queueChanged(row.homeJurisdictionCode);
    this.emit('closed', id);
    return await this.#pushUpdate(row);
  }

  async accept(staff: SignedInStaff, id: string): Promise<SessionView> {
    const row = await this.#take(staff, id);
    await this.#queueChanged(row.homeJurisdictionCode);
    return await this.#pushUpdate(row);
  }

  /**
   * As `accept`, with `enter` (the accepting clerk entering the session's room) run after the session
   * is taken and before anyone else is told: the accepting clerk's answer (the session, and what
   * `enter` gave) goes first; the local clerk (whose browser heard of the home clerk's camera during
   * `enter` and sets up receiving it before it redraws its page), the supervisors and the other home
   * consoles (the queue) are told right after it. `enter` failing takes nothing back.
   */
  async acceptAndEnter<T>(staff: SignedInStaff, id: string, enter: () => Promise<T>): Promise<{ session: SessionView; entered: PromiseSettledResult<T> }> {
    const row = await this.#take(staff, id);
    const [entered] = await Promise.allSettled([enter()]);
    const session = await this.#toView(row);
    setImmediate(() => {
      // The server may have closed meanwhile (tests that stop at once).
      if (!this.#database.isOpen) return;
      this.#inBackground('could not tell the clerks of an accepted session', async () => {
        await this.#pushUpdate(row, session);
        await this.#queueChanged(row.homeJurisdictionCode);
      });
    });
    return { session, entered };
  }

  /** Makes the session `staff`'s (atomically: one clerk wins) and audits it; the clerks and the queue are told by the caller. */
  async #take(staff: SignedInStaff, id: string): Promise<SessionRow> {
    const session = await this.#mustFind(id);
    if (staff.role !== 'home_clerk' || staff.jurisdictionCode !== session.homeJurisdictionCode) {
      throw await this.#refuse(staff, 'session.accept_refused', id, { homeJurisdictionCode: session.homeJurisdictionCode });
    }
    if (session.status === 'waiting') await this.#callGate?.check(staff, session);
    const row = await acceptWaitingSession(this.#db, {
      id,
      homeClerkId: staff.id,
      homeServicePointId: staff.servicePointId,
      jurisdictionCode: staff.jurisdictionCode,
      at: this.#now(),
    });
    if (!row) {
      throw new AppError((await findSession(this.#db, id))?.status === 'active' ? 'SESSION_ALREADY_TAKEN' : 'SESSION_NOT_WAITING');
    }
    await this.#audit(staff, 'session.accepted', id, { status: 'waiting' }, { status: 'active', homeClerkId: staff.id });
    this.emit('accepted', id);
    return row;
  }

  async end(staff: SignedInStaff, id: string, reason?: string): Promise<SessionView> {
    const session = await this.#mustFind(id);
    if (this.sideOf(staff, session) === null || this.sideOf(staff, session) === 'observer') {
      throw await this.#refuse(staff, 'session.end_refused', id);
    }
    const row = await endActiveSession(this.#db, { id, byId: staff.id, at: this.#now(), reason });
    if (!row) throw new AppError('SESSION_NOT_ACTIVE');
    await this.#audit(staff, 'session.ended', id, { status: 'active' }, { status: 'ended', reason: reason ?? null });
    this.emit('closed', id);
    return await this.#pushUpdate(row);
  }

  /**
   * Gives up a session nobody is at any more (see sessionPresence.ts): a waiting one leaves the queue as
   * cancelled, an active one is ended, either with the reason 已放弃 and by nobody; audited as
   * session.abandoned. Returns false when it was no longer open.
   */
  async abandon(id: string, offlineSeconds: number): Promise<boolean> {
    const session = await findSession(this.#db, id);
    if (!session || (session.status !== 'waiting' && session.status !== 'active')) return false;
    const before = session.status;
    const reason = t(before === 'waiting' ? 'server.abandoned.waiting' : 'server.abandoned.active', { minutes: Math.max(1, Math.round(offlineSeconds / 60)) });
    const input = { id, byId: null, at: this.#now(), reason };
    const row = before === 'waiting' ? (await cancelWaitingSession(this.#db, input)) : (await endActiveSession(this.#db, input));
    if (!row) return false;
    await appendAudit(this.#db, { actorId: null, action: 'session.abandoned', entityType: 'session', entityId: id, before: { status: before }, after: { status: row.status, reason, offlineSeconds } });
    if (before === 'waiting') await this.#queueChanged(row.homeJurisdictionCode);
    this.emit('closed', id);
    await this.#pushUpdate(row);
    return true;
  }

  /** Which side `staff` is on in `session`, or null when they may not see it. */
  sideOf(staff: SignedInStaff, session: SessionRow): StaffSide | null {
    return sideOf(staff, session);
  }

  /** May `staff` read this session? The two clerks, a supervisor over it, and home clerks of its queue while it waits. */
  async view(staff: SignedInStaff, id: string): Promise<SessionView> {
    const session = await this.#mustFind(id);
    const queueReader = staff.role === 'home_clerk' && staff.jurisdictionCode === session.homeJurisdictionCode && session.status === 'waiting';
    if (this.sideOf(staff, session) === null && !queueReader) throw await this.#refuse(staff, 'session.read_refused', id);
    return await this.#toView(session);
  }

  /**
   * Checks that `staff` may join the room of an active session, and on which side. A supervisor joins
   * as an observer, who may listen and watch but never publish. The local clerk may also join while the
   * session waits, to stand by with the camera connected so that the call starts the moment it is accepted.
   */
  async authorizeJoin(staff: SignedInStaff, id: string): Promise<{ side: PeerSide; accepted: boolean }> {
    const session = await this.#mustFind(id);
    const side = this.sideOf(staff, session);
    if (side === null) throw await this.#refuse(staff, 'session.join_refused', id);
    const standingBy = side === 'local' && session.status === 'waiting';
    if (session.status !== 'active' && !standingBy) throw new AppError('SESSION_NOT_ACTIVE');
    return { side, accepted: session.status === 'active' };
  }

  /** The home jurisdiction of a session (where its room is placed). */
  async homeJurisdictionOf(id: string): Promise<string> {
    return (await this.#mustFind(id)).homeJurisdictionCode;
  }

  /** Of these sessions, those still waiting or active: their rooms are still wanted (cluster/RoomPlacement.ts). */
  async stillOpen(ids: readonly string[]): Promise<Set<string>> {
    return await openSessionIdsAmong(this.#db, ids);
  }

  async queue(staff: SignedInStaff): Promise<QueueEntry[]> {
    if (staff.role !== 'home_clerk') throw await refusal(this.#db, staff, 'queue.read_refused', { type: 'queue', id: staff.jurisdictionCode });
    return await this.#queueEntries(await waitingSessionDetails(this.#db, staff.jurisdictionCode));
  }

  async #mustFind(id: string): Promise<SessionRow> {
    const session = await findSession(this.#db, id);
    if (!session) throw new AppError('SESSION_NOT_FOUND');
    return session;
  }

  async #toView(session: SessionRow): Promise<SessionView> {
    const details = await sessionDetails(this.#db, session.id);
    if (!details) throw new AppError('SESSION_NOT_FOUND');
    return toSessionView(details, await queuePositionOf(this.#db, session));
  }

  /** Tells both clerks, and the supervisors over the session, what it looks like now. */
  async #pushUpdate(session: SessionRow, given?: SessionView): Promise<SessionView> {
    const view = given ?? (await this.#toView(session));
    this.#live.tell({ kind: 'session.updated', sessionId: session.id }, [notice(sessionWatchers(session), 'session.updated', { session: view })]);
    return view;
  }

  /** One page of the sessions a clerk took part in (either side), newest first, as each may see them (GET /api/sessions). */
  async mine(staff: SignedInStaff, request: PageRequest): Promise<Page<SessionView>> {
    // The clerk's own sessions (no access check needed), with their details; a waiting one's place in its queue.
    const page = pageOf(await sessionDetailsOfClerkPage(this.#db, staff.id, request), request, (details) => sessionListKey(details.session));
    const items: SessionView[] = [];
    for (const details of page.items) items.push(toSessionView(details, await queuePositionOf(this.#db, details.session)));
    return { ...page, items };
  }

  /**
   * A clerk's own sessions for their console, newest first: those a local clerk started, those a home
   * clerk accepted; nobody else has any.
   */
  async recent(staff: SignedInStaff, request: PageRequest): Promise<Page<ClerkSession>> {
    if (staff.role !== 'local_clerk' && staff.role !== 'home_clerk') return { items: [], next: null, previous: null };
    return pageOf(await clerkSessionsPage(this.#db, staff.id, staff.role === 'local_clerk' ? 'local' : 'home', request), request, sessionListKey);
  }

  /** Current state of a local clerk's open sessions, for a connection that just opened. */
  async openSessionsOf(staff: SignedInStaff): Promise<SessionView[]> {
    if (staff.role !== 'local_clerk') return [];
    const open = (await sessionsOfClerk(this.#db, staff.id, 20)).filter((s) => s.status === 'waiting' || s.status === 'active');
    return await Promise.all(open.map((s) => this.#toView(s)));
  }

  /** The queue's entries, the call gate asked once for all of them. */
  async #queueEntries(waiting: SessionDetails[]): Promise<QueueEntry[]> {
    const open = await this.#callGate?.openAmong(waiting.map((details) => details.session));
    return waiting.map((details) => toQueueEntry(queueRowOf(details), this.#presence.offlineSince(details.session.localClerkId) === null, open?.has(details.session.id) ?? true));
  }

  /** What decides whether a session's call may start changed (the recording notice was confirmed): its queue is told. */
  async callGateChanged(sessionId: string): Promise<void> {
    const session = await findSession(this.#db, sessionId);
    if (session?.status === 'waiting') await this.#queueChanged(session.homeJurisdictionCode);
  }

  /** A local clerk came or went: the queues their waiting sessions are in show it. */
  async #localWindowChanged(staffId: number): Promise<void> {
    // Connections also close while the server shuts down, after the database.
    if (!this.#database.isOpen) return;
    const codes = new Set((await sessionsOfClerk(this.#db, staffId)).filter((row) => row.status === 'waiting' && row.localClerkId === staffId).map((row) => row.homeJurisdictionCode));
    for (const code of codes) await this.#queueChanged(code);
  }

  /** Pushes the queue to the jurisdiction's home clerks, and the new positions to the waiting local clerks. */
  async #queueChanged(jurisdictionCode: string): Promise<void> {
    this.#live.tell({ kind: 'queue.changed', jurisdictionCode }, await this.queueNotices(jurisdictionCode));
  }

  /** What a jurisdiction's queue shows now: the queue to its home clerks, each waiting local clerk their position. */
  async queueNotices(jurisdictionCode: string): Promise<Notice[]> {
    const waiting = await waitingSessionDetails(this.#db, jurisdictionCode);
    return [
      notice({ homeClerksOf: jurisdictionCode }, 'queue.changed', { jurisdictionCode, queue: await this.#queueEntries(waiting) }),
      ...waiting.map((details, index) => notice({ staff: [details.session.localClerkId] }, 'session.updated', { session: toSessionView(details, index + 1) })),
    ];
  }

  /** What a session looks like now, to its clerks and the supervisors over it (none when it is gone). */
  async sessionNotices(sessionId: string): Promise<Notice[]> {
    const session = await findSession(this.#db, sessionId);
    if (!session) return [];
    return [notice(sessionWatchers(session), 'session.updated', { session: await this.#toView(session) })];
  }

  async #audit(staff: SignedInStaff, action: string, sessionId: string, before: unknown, after: unknown): Promise<void> {
    await appendAudit(this.#db, { actorId: staff.id, action, entityType: 'session', entityId: sessionId, before, after });
  }

  /** A refusal that is also written to the audit log. */
  async #refuse(staff: SignedInStaff, action: string, sessionId: string, detail: Record<string, unknown> = {}): Promise<AppError> {
    return await refusal(this.#db, staff, action, { type: 'session', id: sessionId }, detail);
  }
}

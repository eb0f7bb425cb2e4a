/** Sessions (视频会话): start, queue, accept (atomic), cancel, end, and the joined view of one. */
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { PageKey, PageRequest } from '@vwindow/signaling/protocol/paging';
import type { Db } from '../database';
import type { sessions } from '../schema';
import { perStore, preparedQuery, storedInstant, tablesOf } from '../store';
import { inTransaction } from '../transaction';
import { markStatisticsDays } from './statisticsDays';

export type SessionRow = typeof sessions.$inferSelect;

export interface NewSession {
  id: string;
  matterId: number;
  homeJurisdictionCode: string;
  localServicePointId: number;
  localClerkId: number;
  citizenName: string;
  citizenIdNumber: string;
  citizenPhone: string;
  createdAt: Date;
}

export async function insertSession(db: Db, row: NewSession): Promise<SessionRow> {
  return await changingFacts(db, async (tx) => {
    const { sessions } = tablesOf(tx);
    return (await tx.insert(sessions).values({ ...row, status: 'waiting' }).returning())[0]!;
  });
}

/** A write to one session and, in the same transaction, its statistics day marked changed (statisticsDays.ts). */
async function changingFacts<T extends SessionRow | null>(db: Db, write: (tx: Db) => Promise<T>): Promise<T> {
  return await inTransaction(db, async (tx) => {
    const row = await write(tx);
    if (row) await markStatisticsDays(tx, [row]);
    return row;
  });
}

export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  const { sessions } = tablesOf(db);
  return (await db.select().from(sessions).where(eq(sessions.id, id)))[0];
}

/**
 * Takes a waiting session for a home clerk. One UPDATE guarded by status = 'waiting', so of two clerks
 * accepting at once exactly one changes the row; the other gets null.
 */
export async function acceptWaitingSession(
  db: Db,
  input: { id: string; homeClerkId: number; homeServicePointId: number | null; jurisdictionCode: string; at: Date },
): Promise<SessionRow | null> {
  return await changingFacts(db, async (tx) => {
    const { sessions } = tablesOf(tx);
    return (
      (await tx
        .update(sessions)
        .set({ status: 'active', homeClerkId: input.homeClerkId, homeServicePointId: input.homeServicePointId, acceptedAt: input.at })
        .where(and(eq(sessions.id, input.id), eq(sessions.status, 'waiting'), eq(sessions.homeJurisdictionCode, input.jurisdictionCode)))
        .returning())[0] ?? null
    );
  });
}

/** `byId` null: the system (e.g. the session was abandoned). */
export async function cancelWaitingSession(db: Db, input: { id: string; byId: number | null; at: Date; reason?: string }): Promise<SessionRow | null> {
  return await changingFacts(db, async (tx) => {
    const { sessions } = tablesOf(tx);
    return (
      (await tx
        .update(sessions)
        .set({ status: 'cancelled', endedAt: input.at, endedById: input.byId, endReason: input.reason ?? null })
        .where(and(eq(sessions.id, input.id), eq(sessions.status, 'waiting')))
        .returning())[0] ?? null
    );
  });
}

export async function endActiveSession(db: Db, input: { id: string; byId: number | null; at: Date; reason?: string }): Promise<SessionRow | null> {
  return await changingFacts(db, async (tx) => {
    const { sessions } = tablesOf(tx);
    return (
      (await tx
        .update(sessions)
        .set({ status: 'ended', endedAt: input.at, endedById: input.byId, endReason: input.reason ?? null })
        .where(and(eq(sessions.id, input.id), eq(sessions.status, 'active')))
        .returning())[0] ?? null
    );
  });
}

/** Every session still waiting or active. */
export async function openSessions(db: Db): Promise<SessionRow[]> {
  const { sessions } = tablesOf(db);
  return await db.select().from(sessions).where(inArray(sessions.status, ['waiting', 'active']));
}

/** Of these sessions, the ids of those still waiting or active (their rooms are still wanted). */
export async function openSessionIdsAmong(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { sessions } = tablesOf(db);
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(inArray(sessions.id, [...ids]), inArray(sessions.status, ['waiting', 'active'])));
  return new Set(rows.map((row) => row.id));
}

const aliases = perStore(({ jurisdictions, servicePoints, staff }) => ({
  localPoint: alias(servicePoints, 'local_point'),
  localPointJurisdiction: alias(jurisdictions, 'local_point_jurisdiction'),
  homePoint: alias(servicePoints, 'home_point'),
  localClerk: alias(staff, 'local_clerk'),
  homeClerk: alias(staff, 'home_clerk'),
  endedBy: alias(staff, 'ended_by'),
}));

/** Sessions with the names a person needs: matter, jurisdictions, service points, clerks. */
function withDetails(db: Db) {
  const { jurisdictions, matters, sessions } = tablesOf(db);
  const { localPoint, localPointJurisdiction, homePoint, localClerk, homeClerk, endedBy } = aliases(db);
  return db
    .select({
      session: sessions,
      matter: { id: matters.id, code: matters.code, name: matters.name, timeLimitDays: matters.timeLimitDays },
      homeJurisdictionName: jurisdictions.name,
      localServicePoint: { id: localPoint.id, name: localPoint.name, jurisdictionName: localPointJurisdiction.name },
      homeServicePointName: homePoint.name,
      localClerkName: localClerk.displayName,
      homeClerkName: homeClerk.displayName,
      endedByName: endedBy.displayName,
    })
    .from(sessions)
    .innerJoin(matters, eq(matters.id, sessions.matterId))
    .innerJoin(jurisdictions, eq(jurisdictions.code, sessions.homeJurisdictionCode))
    .innerJoin(localPoint, eq(localPoint.id, sessions.localServicePointId))
    .innerJoin(localPointJurisdiction, eq(localPointJurisdiction.code, localPoint.jurisdictionCode))
    .innerJoin(localClerk, eq(localClerk.id, sessions.localClerkId))
    .leftJoin(homePoint, eq(homePoint.id, sessions.homeServicePointId))
    .leftJoin(homeClerk, eq(homeClerk.id, sessions.homeClerkId))
    .leftJoin(endedBy, eq(endedBy.id, sessions.endedById));
}

/** A session with the names a person needs: matter, jurisdictions, service points, clerks. */
export async function sessionDetails(db: Db, id: string) {
  const { sessions } = tablesOf(db);
  return (await withDetails(db).where(eq(sessions.id, id)))[0];
}
export type SessionDetails = NonNullable<Awaited<ReturnType<typeof sessionDetails>>>;

/** The waiting sessions of one home jurisdiction, oldest first, with their details (one query). */
export async function waitingSessionDetails(db: Db, jurisdictionCode: string): Promise<SessionDetails[]> {
  const query = preparedQuery(db, 'waiting_session_details', () => {
    const { sessions } = tablesOf(db);
    return withDetails(db)
      .where(and(eq(sessions.homeJurisdictionCode, sql.placeholder('jurisdictionCode')), eq(sessions.status, 'waiting')))
      .orderBy(asc(sessions.createdAt), asc(sessions.id));
  });
  return await query.execute({ jurisdictionCode });
}

/**
 * A waiting session's place in its home queue (1: next to be accepted), oldest first as the queue is;
 * null when it is not waiting. One count over a range of sessions_queue_idx, not the queue itself.
 */
export async function queuePositionOf(db: Db, session: Pick<SessionRow, 'id' | 'homeJurisdictionCode' | 'createdAt' | 'status'>): Promise<number | null> {
  if (session.status !== 'waiting') return null;
  const query = preparedQuery(db, 'queue_position_of', () => {
    const { sessions } = tablesOf(db);
    return db
      .select({ ahead: count() })
      .from(sessions)
      .where(
        and(
          eq(sessions.homeJurisdictionCode, sql.placeholder('jurisdictionCode')),
          eq(sessions.status, 'waiting'),
          sql`(${sessions.createdAt}, ${sessions.id}) <= (${sql.placeholder('createdAt')}, ${sql.placeholder('id')})`,
        ),
      );
  });
  const [row] = await query.execute({ jurisdictionCode: session.homeJurisdictionCode, createdAt: storedInstant(db, session.createdAt), id: session.id });
  return row && row.ahead > 0 ? row.ahead : null;
}

/** What the home queue shows of a waiting session (unmasked; the views mask it). */
export function queueRowOf(details: SessionDetails) {
  return {
    id: details.session.id,
    matterName: details.matter.name,
    originServicePoint: details.localServicePoint.name,
    originJurisdiction: details.localServicePoint.jurisdictionName,
    citizenName: details.session.citizenName,
    citizenIdNumber: details.session.citizenIdNumber,
    createdAt: details.session.createdAt,
  };
}

/** A session's place in the clerks' lists (newest first): created at, then id. */
export const sessionListKey = (row: { createdAt: Date; id: string }): PageKey => [row.createdAt.getTime(), row.id];

type ClerkSide = 'local' | 'home';
/** Which way a page goes from its key: the first page, older than the key, or newer than it. */
type Travel = 'first' | 'after' | 'before';

const travelOf = (request: PageRequest): Travel => (request.after ? 'after' : request.before ? 'before' : 'first');

/**
 * The keyset condition and order of one side's list (local_clerk_id or home_clerk_id), newest first,
 * with placeholders (`rangeValues`): a range of sessions_local_clerk_idx / sessions_home_clerk_idx read
 * forwards or backwards. One shape per side and way of travel, each a prepared query.
 */
function clerkRange(db: Db, side: ClerkSide, travel: Travel) {
  const { sessions } = tablesOf(db);
  const position = sql`(${sessions.createdAt}, ${sessions.id})`;
  const key = sql`(${sql.placeholder('keyAt')}, ${sql.placeholder('keyId')})`;
  const where = [eq(side === 'local' ? sessions.localClerkId : sessions.homeClerkId, sql.placeholder('staffId'))];
  if (travel === 'after') where.push(sql`${position} < ${key}`);
  if (travel === 'before') where.push(sql`${position} > ${key}`);
  const order = travel === 'before' ? [asc(sessions.createdAt), asc(sessions.id)] : [desc(sessions.createdAt), desc(sessions.id)];
  return { where: and(...where), order, limit: sql.placeholder('limit') };
}

/** The placeholder values of clerkRange for `request` (limit + 1 rows, see pageOf). */
function rangeValues(db: Db, staffId: number, request: PageRequest) {
  const key = request.after ?? request.before;
  return { staffId, limit: request.limit + 1, ...(key ? { keyAt: storedInstant(db, new Date(Number(key[0]))), keyId: key[1] } : {}) };
}

/**
 * One page of what `read` gives for each side of a clerk's sessions, newest first: each side is one
 * indexed range of limit + 1 rows in the direction of travel (see pageOf), merged here (an OR of the
 * two columns would scan the whole table).
 */
async function eitherSidePage<T>(
  request: PageRequest,
  read: (side: ClerkSide) => Promise<T[]>,
  rowOf: (item: T) => { createdAt: Date; id: string },
): Promise<T[]> {
  const byId = new Map<string, T>();
  for (const item of [...(await read('local')), ...(await read('home'))]) byId.set(rowOf(item).id, item);
  const sign = request.before ? 1 : -1;
  return [...byId.values()]
    .sort((x, y) => {
      const a = rowOf(x);
      const b = rowOf(y);
      return sign * (a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    })
    .slice(0, request.limit + 1);
}

/** Sessions a clerk took part in (either side), newest first: one page (limit + 1 rows, see pageOf). */
export async function sessionsOfClerkPage(db: Db, staffId: number, request: PageRequest): Promise<SessionRow[]> {
  const { sessions } = tablesOf(db);
  return await eitherSidePage(
    request,
    async (side) => {
      const travel = travelOf(request);
      const query = preparedQuery(db, `sessions_of_clerk_${side}_${travel}`, () => {
        const range = clerkRange(db, side, travel);
        return db.select().from(sessions).where(range.where).orderBy(...range.order).limit(range.limit);
      });
      return await query.execute(rangeValues(db, staffId, request));
    },
    (row) => row,
  );
}

/** The same page with each session's details (names of matter, points, clerks), one joined query per side. */
export async function sessionDetailsOfClerkPage(db: Db, staffId: number, request: PageRequest): Promise<SessionDetails[]> {
  return await eitherSidePage(
    request,
    async (side) => {
      const travel = travelOf(request);
      const query = preparedQuery(db, `session_details_of_clerk_${side}_${travel}`, () => {
        const range = clerkRange(db, side, travel);
        return withDetails(db).where(range.where).orderBy(...range.order).limit(range.limit);
      });
      return await query.execute(rangeValues(db, staffId, request));
    },
    (details) => details.session,
  );
}

/** The latest `limit` sessions a clerk took part in (either side), newest first. */
export async function sessionsOfClerk(db: Db, staffId: number, limit = 50): Promise<SessionRow[]> {
  return (await sessionsOfClerkPage(db, staffId, { limit })).slice(0, limit);
}

export async function insertChatMessage(db: Db, row: { sessionId: string; senderId: number; text: string; createdAt: Date }) {
  const { chatMessages } = tablesOf(db);
  return (await db.insert(chatMessages).values(row).returning())[0]!;
}

export async function chatHistory(db: Db, sessionId: string) {
  const { chatMessages, staff } = tablesOf(db);
  return await db
    .select({ message: chatMessages, senderName: staff.displayName })
    .from(chatMessages)
    .innerJoin(staff, eq(staff.id, chatMessages.senderId))
    .where(eq(chatMessages.sessionId, sessionId))
    .orderBy(asc(chatMessages.id));
}

/**
 * One page of the sessions `staffId` started (`side` 'local') or accepted ('home'), newest first, with
 * names: limit + 1 rows in the direction of travel (see pageOf).
 */
export async function clerkSessionsPage(db: Db, staffId: number, side: 'local' | 'home', request: PageRequest) {
  const travel = travelOf(request);
  const query = preparedQuery(db, `clerk_sessions_${side}_${travel}`, () => {
    const { jurisdictions, matters, servicePoints, sessions } = tablesOf(db);
    const range = clerkRange(db, side, travel);
    return db
      .select({
        id: sessions.id,
        status: sessions.status,
        matterName: matters.name,
        matterCode: matters.code,
        homeJurisdictionName: jurisdictions.name,
        originServicePointName: servicePoints.name,
        createdAt: sessions.createdAt,
      })
      .from(sessions)
      .innerJoin(matters, eq(matters.id, sessions.matterId))
      .innerJoin(jurisdictions, eq(jurisdictions.code, sessions.homeJurisdictionCode))
      .innerJoin(servicePoints, eq(servicePoints.id, sessions.localServicePointId))
      .where(range.where)
      .orderBy(...range.order)
      .limit(range.limit);
  });
  return await query.execute(rangeValues(db, staffId, request));
}

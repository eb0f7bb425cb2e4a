/** Cases (办件): numbering, state, the captures that form them, their timeline, lists. */
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database';
import { inTransaction, type Tx } from '../transaction';
import type { CaseStatus } from '@vwindow/signaling/protocol/values';
import type { PageKey, PageRequest } from '@vwindow/signaling/protocol/paging';
import type { calendarDays, caseEvents, cases } from '../schema';
import { caseListKey, caseListTieBreak } from '../schema';
import { lockCaseNumberDay } from '../postgres';
import { asPgDb, isPostgres, preparedQuery, tablesOf } from '../store';
import { markSessionsChanged } from './statisticsDays';

export type CaseRow = typeof cases.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;

/**
 * Inserts a case with the next number of its jurisdiction and day: `330482-20261122-0001`. Runs in an
 * IMMEDIATE transaction on SQLite and under lockCaseNumberDay on PostgreSQL, so numbers never collide
 * even under concurrent creation (on several nodes).
 */
export async function insertNumberedCase(
  db: Db,
  row: Omit<typeof cases.$inferInsert, 'caseNumber'>,
  day: string,
  event: Omit<typeof caseEvents.$inferInsert, 'caseId'>,
): Promise<CaseRow> {
  const { caseEvents, cases } = tablesOf(db);
  return inTransaction(db, async (tx) => {
      const prefix = `${row.homeJurisdictionCode}-${day.replaceAll('-', '')}-`;
      // PostgreSQL: numbering of one jurisdiction's day one at a time on every node (SQLite: BEGIN IMMEDIATE).
      if (isPostgres(tx)) await lockCaseNumberDay(asPgDb(tx), prefix);
      const last = (await tx
        .select({ caseNumber: cases.caseNumber })
        .from(cases)
        // A range of the case_number unique index (LIKE would scan: SQLite's LIKE is case-insensitive).
        .where(and(gt(cases.caseNumber, prefix), lt(cases.caseNumber, `${prefix}:`)))
        .orderBy(desc(cases.caseNumber))
        .limit(1))[0];
      const next = last ? Number(last.caseNumber.slice(prefix.length)) + 1 : 1;
      const created = (await tx.insert(cases).values({ ...row, caseNumber: `${prefix}${String(next).padStart(4, '0')}` }).returning())[0]!;
      await tx.insert(caseEvents).values({ ...event, caseId: created.id });
      await markSessionsChanged(tx, [created.sessionId]);
      return created;
  });
}

/** Moves a case from `from` to the new state (guarded, so a concurrent step cannot be lost) and records the event. */
export async function updateCaseState(
  db: Db,
  caseId: number,
  from: CaseStatus,
  changes: Partial<typeof cases.$inferInsert> & { status: CaseStatus },
  event: Omit<typeof caseEvents.$inferInsert, 'caseId'>,
  run?: (tx: Tx) => Promise<void>,
): Promise<CaseRow | undefined> {
  const { caseEvents, cases } = tablesOf(db);
  return inTransaction(db, async (tx) => {
    const [updated] = await tx
      .update(cases)
      .set(changes)
      .where(and(eq(cases.id, caseId), eq(cases.status, from)))
      .returning();
    if (!updated) return undefined;
    await tx.insert(caseEvents).values({ ...event, caseId });
    await run?.(tx);
    return updated;
  });
}

export async function findCase(db: Db, id: number): Promise<CaseRow | undefined> {
  const { cases } = tablesOf(db);
  return (await db.select().from(cases).where(eq(cases.id, id)))[0];
}

export async function findCaseByNumber(db: Db, caseNumber: string): Promise<CaseRow | undefined> {
  const { cases } = tablesOf(db);
  return (await db.select().from(cases).where(eq(cases.caseNumber, caseNumber)))[0];
}

/** The open case of a matter for the same citizen awaiting a supplement, to resume in a later session. */
export async function caseAwaitingSupplement(db: Db, matterId: number, citizenIdNumber: string): Promise<CaseRow | undefined> {
  const { cases, sessions } = tablesOf(db);
  return (await db
    .select({ c: cases })
    .from(cases)
    .innerJoin(sessions, eq(sessions.id, cases.sessionId))
    .where(and(eq(cases.matterId, matterId), eq(cases.status, 'supplement_requested'), eq(sessions.citizenIdNumber, citizenIdNumber)))
    .orderBy(desc(cases.id))
    .limit(1))[0]?.c;
}

export async function caseOfSession(db: Db, sessionId: string): Promise<CaseRow | undefined> {
  const { caseEvents, cases } = tablesOf(db);
  const [direct] = await db.select().from(cases).where(eq(cases.sessionId, sessionId));
  if (direct) return direct;
  const [viaEvent] = await db
    .select({ c: cases })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .where(eq(caseEvents.sessionId, sessionId))
    .orderBy(desc(caseEvents.id))
    .limit(1);
  return viaEvent?.c;
}

export async function addCaseCaptures(db: Db | Tx, caseId: number, captureIds: string[], at: Date): Promise<void> {
  const { caseCaptures } = tablesOf(db);
  if (captureIds.length === 0) return;
  await db.insert(caseCaptures)
    .values(captureIds.map((captureId) => ({ caseId, captureId, addedAt: at })))
    .onConflictDoNothing();
}

export async function captureIdsOfCase(db: Db, caseId: number): Promise<string[]> {
  const { caseCaptures } = tablesOf(db);
  return (await db.select({ id: caseCaptures.captureId }).from(caseCaptures).where(eq(caseCaptures.caseId, caseId)).orderBy(asc(caseCaptures.addedAt))).map((r) => r.id);
}

export async function eventsOfCase(db: Db, caseId: number) {
  const { caseEvents, staff } = tablesOf(db);
  return await db
    .select({ event: caseEvents, actorName: staff.displayName })
    .from(caseEvents)
    .leftJoin(staff, eq(staff.id, caseEvents.actorId))
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.id));
}

export interface CaseFilter {
  homeJurisdictionCode?: string;
  /** Any of these home jurisdictions (a supervisor's own and those under it). */
  homeJurisdictionCodes?: string[];
  localClerkId?: number;
  status?: CaseStatus;
  matterId?: number;
  /** Due on or before this date and not finished. */
  dueBy?: string;
  /** Due on or after this date (with dueBy: due soon, not yet overdue). */
  dueFrom?: string;
  /** Due before this date and not finished. */
  overdueAt?: string;
}

const unfinished: CaseStatus[] = ['accepted', 'in_progress'];

/** A case's place in the case list: due date (undated last), then newest first. As in cases_jurisdiction_due_idx. */
export const caseListPageKey = (row: { dueDate: string | null; id: number }): PageKey => [row.dueDate ?? UNDATED, -row.id];
const UNDATED = '9999-12-31';

/**
 * One page of the case list: limit + 1 rows in the direction of travel (see pageOf), a range of
 * cases_jurisdiction_due_idx. A prepared query per shape (the filters given, the way of travel), with
 * every value a placeholder.
 */
export async function listCases(db: Db, filter: CaseFilter, request: PageRequest) {
  const travel = request.after ? 'after' : request.before ? 'before' : 'first';
  const given = (Object.keys(filter) as (keyof CaseFilter)[]).filter((k) => filter[k] !== undefined).sort();
  const codes = filter.homeJurisdictionCodes ?? [];
  const shape = `cases_${travel}_${given.map((k) => (k === 'homeJurisdictionCodes' ? `${k}${codes.length}` : k)).join('_')}`;
  const query = preparedQuery(db, shape, () => {
    const { cases, matters, sessions } = tablesOf(db);
    const value = (name: keyof CaseFilter | 'key0' | 'key1') => sql.placeholder(name);
    const conditions: Record<keyof CaseFilter, () => SQL[]> = {
      homeJurisdictionCode: () => [eq(cases.homeJurisdictionCode, value('homeJurisdictionCode'))],
      homeJurisdictionCodes: () => [inArray(cases.homeJurisdictionCode, codes.map((_, i) => sql.placeholder(`code${i}`)))],
      localClerkId: () => [eq(sessions.localClerkId, value('localClerkId'))],
      status: () => [eq(cases.status, value('status'))],
      matterId: () => [eq(cases.matterId, value('matterId'))],
      dueBy: () => [lte(cases.dueDate, value('dueBy')), inArray(cases.status, unfinished)],
      dueFrom: () => [gte(cases.dueDate, value('dueFrom'))],
      overdueAt: () => [lt(cases.dueDate, value('overdueAt')), inArray(cases.status, unfinished)],
    };
    const where = given.flatMap((k) => conditions[k]());
    const key = caseListKey(cases.dueDate);
    const tieBreak = caseListTieBreak(cases.id);
    // The single-column bound lets SQLite start the index range at the cursor (it does not for a row value over expressions).
    if (travel === 'after') where.push(sql`${key} >= ${value('key0')}`, sql`(${key}, ${tieBreak}) > (${value('key0')}, ${value('key1')})`);
    if (travel === 'before') where.push(sql`${key} <= ${value('key0')}`, sql`(${key}, ${tieBreak}) < (${value('key0')}, ${value('key1')})`);
    return db
      .select({ c: cases, matterName: matters.name, citizenName: sessions.citizenName, localClerkId: sessions.localClerkId })
      .from(cases)
      .innerJoin(sessions, eq(sessions.id, cases.sessionId))
      .innerJoin(matters, eq(matters.id, cases.matterId))
      .where(and(...where))
      .orderBy(...(travel === 'before' ? [desc(key), desc(tieBreak)] : [asc(key), asc(tieBreak)]))
      .limit(sql.placeholder('limit'));
  });
  const pageKey = request.after ?? request.before;
  const { homeJurisdictionCodes: _codes, ...values } = filter;
  return await query.execute({
    ...values,
    ...Object.fromEntries(codes.map((code, i) => [`code${i}`, code])),
    ...(pageKey ? { key0: pageKey[0], key1: pageKey[1] } : {}),
    limit: request.limit + 1,
  });
}

export async function calendarOverrides(db: Db): Promise<Map<string, 'holiday' | 'workday'>> {
  const { calendarDays } = tablesOf(db);
  return new Map((await db.select().from(calendarDays)).map((d) => [d.date, d.kind]));
}

export async function setCalendarDay(db: Db, day: typeof calendarDays.$inferInsert): Promise<void> {
  const { calendarDays } = tablesOf(db);
  await db.insert(calendarDays).values(day).onConflictDoUpdate({ target: calendarDays.date, set: { kind: day.kind, name: day.name } });
}

export async function deleteCalendarDay(db: Db, date: string): Promise<void> {
  const { calendarDays } = tablesOf(db);
  await db.delete(calendarDays).where(eq(calendarDays.date, date));
}

export async function listCalendarDays(db: Db) {
  const { calendarDays } = tablesOf(db);
  return await db.select().from(calendarDays).orderBy(asc(calendarDays.date));
}

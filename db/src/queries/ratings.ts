/** Ratings (好差评), their follow-ups (差评整改) and appeals (申诉). */
import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../database';
import type { followUps, ratingAppeals, ratings } from '../schema';
import { tablesOf } from '../store';
import { inTransaction } from '../transaction';
import { markSessionsChanged } from './statisticsDays';

export type RatingRow = typeof ratings.$inferSelect;
export type FollowUpRow = typeof followUps.$inferSelect;
export type AppealRow = typeof ratingAppeals.$inferSelect;

/**
 * Opens the rating of a session (once; a second call changes nothing). An open rating has no level, so
 * the session's figures do not change (no statistics day is marked).
 */
export async function openRating(db: Db, row: typeof ratings.$inferInsert): Promise<void> {
  const { ratings } = tablesOf(db);
  await db.insert(ratings).values(row).onConflictDoNothing();
}

export async function ratingByToken(db: Db, tokenHash: string): Promise<RatingRow | undefined> {
  const { ratings } = tablesOf(db);
  return (await db.select().from(ratings).where(eq(ratings.tokenHash, tokenHash)))[0];
}

export async function ratingOfSession(db: Db, sessionId: string): Promise<RatingRow | undefined> {
  const { ratings } = tablesOf(db);
  return (await db.select().from(ratings).where(eq(ratings.sessionId, sessionId)))[0];
}

export async function findRating(db: Db, id: number): Promise<RatingRow | undefined> {
  const { ratings } = tablesOf(db);
  return (await db.select().from(ratings).where(eq(ratings.id, id)))[0];
}

/**
 * Records the citizen's verdict if the rating is still open: one guarded UPDATE, so of two submissions
 * with the same token exactly one is stored. Returns the row, or undefined when nothing changed.
 */
export async function submitRating(
  db: Db,
  tokenHash: string,
  verdict: { level: number; reasons: string[]; comment: string | null; at: Date },
): Promise<RatingRow | undefined> {
  return await inTransaction(db, async (tx) => {
    const { ratings } = tablesOf(tx);
    const rated = (await tx
      .update(ratings)
      .set({ level: verdict.level, reasons: verdict.reasons, comment: verdict.comment, ratedAt: verdict.at, isDefault: false })
      .where(and(eq(ratings.tokenHash, tokenHash), isNull(ratings.level), gt(ratings.expiresAt, verdict.at)))
      .returning())[0];
    if (rated) await markSessionsChanged(tx, [rated.sessionId]);
    return rated;
  });
}

/** Unrated ratings past their expiry become 基本满意, marked as defaults. Returns how many. */
export async function applyDefaultRatings(db: Db, now: Date, defaultLevel: number): Promise<number> {
  return await inTransaction(db, async (tx) => {
    const { ratings } = tablesOf(tx);
    const changed = await tx
      .update(ratings)
      .set({ level: defaultLevel, isDefault: true, ratedAt: sql`${ratings.expiresAt}` })
      .where(and(isNull(ratings.level), lte(ratings.expiresAt, now)))
      .returning({ sessionId: ratings.sessionId });
    await markSessionsChanged(tx, changed.map((row) => row.sessionId));
    return changed.length;
  });
}

export async function setExcludedFromStats(db: Db, ratingId: number, excluded: boolean): Promise<void> {
  await inTransaction(db, async (tx) => {
    const { ratings } = tablesOf(tx);
    const changed = await tx.update(ratings).set({ excludedFromStats: excluded }).where(eq(ratings.id, ratingId)).returning({ sessionId: ratings.sessionId });
    await markSessionsChanged(tx, changed.map((row) => row.sessionId));
  });
}

/** Rated ratings from `since` on (by rating time), for the statistics. */
export async function ratingsSince(db: Db, since: Date): Promise<RatingRow[]> {
  const { ratings } = tablesOf(db);
  return await db.select().from(ratings).where(and(gte(ratings.ratedAt, since), sql`${ratings.level} IS NOT NULL`));
}

export async function openFollowUp(db: Db, row: typeof followUps.$inferInsert): Promise<void> {
  const { followUps } = tablesOf(db);
  await db.insert(followUps).values(row).onConflictDoNothing();
}

export async function findFollowUp(db: Db, id: number): Promise<FollowUpRow | undefined> {
  const { followUps } = tablesOf(db);
  return (await db.select().from(followUps).where(eq(followUps.id, id)))[0];
}

export async function followUpsOf(db: Db, jurisdictionCodes: string[]): Promise<FollowUpRow[]> {
  const { followUps } = tablesOf(db);
  if (jurisdictionCodes.length === 0) return [];
  return await db
    .select()
    .from(followUps)
    .where(inArray(followUps.jurisdictionCode, jurisdictionCodes))
    .orderBy(sql`${followUps.status} = 'closed'`, asc(followUps.deadline), desc(followUps.id));
}

/** Moves a follow-up on, guarded by its current status. */
export async function advanceFollowUp(db: Db, id: number, from: FollowUpRow['status'], changes: Partial<typeof followUps.$inferInsert>): Promise<FollowUpRow | undefined> {
  const { followUps } = tablesOf(db);
  return (await db
    .update(followUps)
    .set(changes)
    .where(and(eq(followUps.id, id), eq(followUps.status, from)))
    .returning())[0];
}

export async function insertAppeal(db: Db, row: typeof ratingAppeals.$inferInsert): Promise<AppealRow> {
  const { ratingAppeals } = tablesOf(db);
  return (await db.insert(ratingAppeals).values(row).returning())[0]!;
}

export async function findAppeal(db: Db, id: number): Promise<AppealRow | undefined> {
  const { ratingAppeals } = tablesOf(db);
  return (await db.select().from(ratingAppeals).where(eq(ratingAppeals.id, id)))[0];
}

export async function appealsOf(db: Db, ratingId: number): Promise<AppealRow[]> {
  const { ratingAppeals } = tablesOf(db);
  return await db.select().from(ratingAppeals).where(eq(ratingAppeals.ratingId, ratingId)).orderBy(asc(ratingAppeals.id));
}

export async function decideAppeal(db: Db, id: number, changes: Pick<AppealRow, 'status' | 'decisionNote' | 'decidedById' | 'decidedAt'>): Promise<AppealRow | undefined> {
  const { ratingAppeals } = tablesOf(db);
  return (await db
    .update(ratingAppeals)
    .set(changes)
    .where(and(eq(ratingAppeals.id, id), eq(ratingAppeals.status, 'pending')))
    .returning())[0];
}

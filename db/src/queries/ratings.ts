/** Ratings (好差评), their follow-ups (差评整改) and appeals (申诉). */
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../database';
import { followUps, ratingAppeals, ratings } from '../schema';

export type RatingRow = typeof ratings.$inferSelect;
export type FollowUpRow = typeof followUps.$inferSelect;
export type AppealRow = typeof ratingAppeals.$inferSelect;

/** Opens the rating of a session (once; a second call changes nothing). */
export function openRating(db: Db, row: typeof ratings.$inferInsert): void {
  db.insert(ratings).values(row).onConflictDoNothing().run();
}

export function ratingByToken(db: Db, tokenHash: string): RatingRow | undefined {
  return db.select().from(ratings).where(eq(ratings.tokenHash, tokenHash)).get();
}

export function ratingOfSession(db: Db, sessionId: string): RatingRow | undefined {
  return db.select().from(ratings).where(eq(ratings.sessionId, sessionId)).get();
}

export function findRating(db: Db, id: number): RatingRow | undefined {
  return db.select().from(ratings).where(eq(ratings.id, id)).get();
}

/**
 * Records the citizen's verdict if the rating is still open: one guarded UPDATE, so of two submissions
 * with the same token exactly one is stored. Returns the row, or undefined when nothing changed.
 */
export function submitRating(
  db: Db,
  tokenHash: string,
  verdict: { level: number; reasons: string[]; comment: string | null; at: Date },
): RatingRow | undefined {
  return db
    .update(ratings)
    .set({ level: verdict.level, reasons: verdict.reasons, comment: verdict.comment, ratedAt: verdict.at, isDefault: false })
    .where(and(eq(ratings.tokenHash, tokenHash), isNull(ratings.level), sql`${ratings.expiresAt} > ${verdict.at.getTime()}`))
    .returning()
    .get();
}

/** Unrated ratings past their expiry become 基本满意, marked as defaults. Returns how many. */
export function applyDefaultRatings(db: Db, now: Date, defaultLevel: number): number {
  return db
    .update(ratings)
    .set({ level: defaultLevel, isDefault: true, ratedAt: sql`${ratings.expiresAt}` })
    .where(and(isNull(ratings.level), lte(ratings.expiresAt, now)))
    .run().changes;
}

export function setExcludedFromStats(db: Db, ratingId: number, excluded: boolean): void {
  db.update(ratings).set({ excludedFromStats: excluded }).where(eq(ratings.id, ratingId)).run();
}

/** Rated ratings from `since` on (by rating time), for the statistics. */
export function ratingsSince(db: Db, since: Date): RatingRow[] {
  return db.select().from(ratings).where(and(gte(ratings.ratedAt, since), sql`${ratings.level} IS NOT NULL`)).all();
}

export function openFollowUp(db: Db, row: typeof followUps.$inferInsert): void {
  db.insert(followUps).values(row).onConflictDoNothing().run();
}

export function findFollowUp(db: Db, id: number): FollowUpRow | undefined {
  return db.select().from(followUps).where(eq(followUps.id, id)).get();
}

export function followUpsOf(db: Db, jurisdictionCodes: string[]): FollowUpRow[] {
  if (jurisdictionCodes.length === 0) return [];
  return db
    .select()
    .from(followUps)
    .where(inArray(followUps.jurisdictionCode, jurisdictionCodes))
    .orderBy(sql`${followUps.status} = 'closed'`, asc(followUps.deadline), desc(followUps.id))
    .all();
}

/** Moves a follow-up on, guarded by its current status. */
export function advanceFollowUp(db: Db, id: number, from: FollowUpRow['status'], changes: Partial<typeof followUps.$inferInsert>): FollowUpRow | undefined {
  return db
    .update(followUps)
    .set(changes)
    .where(and(eq(followUps.id, id), eq(followUps.status, from)))
    .returning()
    .get();
}

export function insertAppeal(db: Db, row: typeof ratingAppeals.$inferInsert): AppealRow {
  return db.insert(ratingAppeals).values(row).returning().get();
}

export function findAppeal(db: Db, id: number): AppealRow | undefined {
  return db.select().from(ratingAppeals).where(eq(ratingAppeals.id, id)).get();
}

export function appealsOf(db: Db, ratingId: number): AppealRow[] {
  return db.select().from(ratingAppeals).where(eq(ratingAppeals.ratingId, ratingId)).orderBy(asc(ratingAppeals.id)).all();
}

export function decideAppeal(db: Db, id: number, changes: Pick<AppealRow, 'status' | 'decisionNote' | 'decidedById' | 'decidedAt'>): AppealRow | undefined {
  return db
    .update(ratingAppeals)
    .set(changes)
    .where(and(eq(ratingAppeals.id, id), eq(ratingAppeals.status, 'pending')))
    .returning()
    .get();
}

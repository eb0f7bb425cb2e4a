/** 第三方: a session's guests and their invitations (see schema/guests.ts). */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../database';
import type { sessionGuests } from '../schema';
import { tablesOf } from '../store';
import type { GuestStatus } from '@vwindow/signaling/protocol/values';

export type GuestRow = typeof sessionGuests.$inferSelect;
export type GuestWithInviter = { guest: GuestRow; inviterName: string };

export async function insertGuest(db: Db, row: typeof sessionGuests.$inferInsert): Promise<GuestRow> {
  const { sessionGuests } = tablesOf(db);
  return (await db.insert(sessionGuests).values(row).returning())[0]!;
}

export async function findGuest(db: Db, id: number): Promise<GuestRow | undefined> {
  const { sessionGuests } = tablesOf(db);
  return (await db.select().from(sessionGuests).where(eq(sessionGuests.id, id)))[0];
}

export async function guestByTokenHash(db: Db, tokenHash: string): Promise<GuestRow | undefined> {
  const { sessionGuests } = tablesOf(db);
  return (await db.select().from(sessionGuests).where(eq(sessionGuests.tokenHash, tokenHash)))[0];
}

export async function guestByKeyHash(db: Db, keyHash: string): Promise<GuestRow | undefined> {
  const { sessionGuests } = tablesOf(db);
  return (await db.select().from(sessionGuests).where(eq(sessionGuests.keyHash, keyHash)))[0];
}

/** The session's guests, oldest first, with the name of whoever invited each. */
export async function guestsOfSession(db: Db, sessionId: string): Promise<GuestWithInviter[]> {
  const { sessionGuests, staff } = tablesOf(db);
  return await db
    .select({ guest: sessionGuests, inviterName: staff.displayName })
    .from(sessionGuests)
    .innerJoin(staff, eq(staff.id, sessionGuests.invitedById))
    .where(eq(sessionGuests.sessionId, sessionId))
    .orderBy(asc(sessionGuests.id));
}

export async function inviterName(db: Db, staffId: number): Promise<string> {
  const { staff } = tablesOf(db);
  return (await db.select({ name: staff.displayName }).from(staff).where(eq(staff.id, staffId)))[0]?.name ?? '';
}

/**
 * Moves guest `id` from one of `from` to the state `set` says: one guarded UPDATE, so of two moves at
 * once (two knocks with the same link, admit and refuse together) exactly one happens. Returns the
 * row after the move, or undefined when the guest was not in any of `from`.
 */
export async function moveGuest(
  db: Db,
  where: { id: number } | { tokenHash: string },
  from: readonly GuestStatus[],
  set: Partial<Omit<typeof sessionGuests.$inferInsert, 'id' | 'sessionId' | 'tokenHash'>>,
): Promise<GuestRow | undefined> {
  const { sessionGuests } = tablesOf(db);
  const which = 'id' in where ? eq(sessionGuests.id, where.id) : eq(sessionGuests.tokenHash, where.tokenHash);
  return (await db
    .update(sessionGuests)
    .set(set)
    .where(and(which, inArray(sessionGuests.status, [...from])))
    .returning())[0];
}

/** 第三方: a session's guests and their invitations (see schema/guests.ts). */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../database';
import { sessionGuests, staff } from '../schema';
import type { GuestStatus } from '@vwindow/signaling/protocol/values';

export type GuestRow = typeof sessionGuests.$inferSelect;
export type GuestWithInviter = { guest: GuestRow; inviterName: string };

export function insertGuest(db: Db, row: typeof sessionGuests.$inferInsert): GuestRow {
  return db.insert(sessionGuests).values(row).returning().get();
}

export function findGuest(db: Db, id: number): GuestRow | undefined {
  return db.select().from(sessionGuests).where(eq(sessionGuests.id, id)).get();
}

export function guestByTokenHash(db: Db, tokenHash: string): GuestRow | undefined {
  return db.select().from(sessionGuests).where(eq(sessionGuests.tokenHash, tokenHash)).get();
}

export function guestByKeyHash(db: Db, keyHash: string): GuestRow | undefined {
  return db.select().from(sessionGuests).where(eq(sessionGuests.keyHash, keyHash)).get();
}

/** The session's guests, oldest first, with the name of whoever invited each. */
export function guestsOfSession(db: Db, sessionId: string): GuestWithInviter[] {
  return db
    .select({ guest: sessionGuests, inviterName: staff.displayName })
    .from(sessionGuests)
    .innerJoin(staff, eq(staff.id, sessionGuests.invitedById))
    .where(eq(sessionGuests.sessionId, sessionId))
    .orderBy(asc(sessionGuests.id))
    .all();
}

export function inviterName(db: Db, staffId: number): string {
  return db.select({ name: staff.displayName }).from(staff).where(eq(staff.id, staffId)).get()?.name ?? '';
}

/**
 * Moves guest `id` from one of `from` to the state `set` says: one guarded UPDATE, so of two moves at
 * once (two knocks with the same link, admit and refuse together) exactly one happens. Returns the
 * row after the move, or undefined when the guest was not in any of `from`.
 */
export function moveGuest(
  db: Db,
  where: { id: number } | { tokenHash: string },
  from: readonly GuestStatus[],
  set: Partial<Omit<typeof sessionGuests.$inferInsert, 'id' | 'sessionId' | 'tokenHash'>>,
): GuestRow | undefined {
  const which = 'id' in where ? eq(sessionGuests.id, where.id) : eq(sessionGuests.tokenHash, where.tokenHash);
  return db
    .update(sessionGuests)
    .set(set)
    .where(and(which, inArray(sessionGuests.status, [...from])))
    .returning()
    .get();
}

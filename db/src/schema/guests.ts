/** 第三方: guests invited into a session by one of its clerks, through a one-time link. */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sessionRef } from './sessions';
import { staffRef } from './staff';
import { guestRoles, guestStatuses } from '@vwindow/signaling/protocol/values';

export const sessionGuests = sqliteTable(
  'session_guests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: sessionRef().notNull(),
    role: text('role', { enum: guestRoles }).notNull(),
    status: text('status', { enum: guestStatuses }).notNull().default('invited'),
    /** sha256 of the link's token (the token itself is shown once, never stored). */
    tokenHash: text('token_hash').notNull().unique(),
    /** sha256 of the key the guest's browser got when knocking (its cookie); null before the knock. */
    keyHash: text('key_hash').unique(),
    name: text('name'),
    invitedById: staffRef('invited_by_id').notNull(),
    invitedAt: integer('invited_at', { mode: 'timestamp_ms' }).notNull(),
    knockedAt: integer('knocked_at', { mode: 'timestamp_ms' }),
    decidedById: staffRef('decided_by_id'),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    removedById: staffRef('removed_by_id'),
    removedAt: integer('removed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('session_guests_session').on(t.sessionId)],
);

/** 第三方: guests invited into a session by one of its clerks, through a one-time link. */
import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { autoId, timestampMs } from './columns';
import { sessionRef } from './sessions';
import { staffRef } from './staff';
import { guestRoles, guestStatuses } from '@vwindow/signaling/protocol/values';

export const sessionGuests = pgTable(
  'session_guests',
  {
    id: autoId(),
    sessionId: sessionRef().notNull(),
    role: text('role', { enum: guestRoles }).notNull(),
    status: text('status', { enum: guestStatuses }).notNull().default('invited'),
    /** sha256 of the link's token (the token itself is shown once, never stored). */
    tokenHash: text('token_hash').notNull().unique(),
    /** sha256 of the key the guest's browser got when knocking (its cookie); null before the knock. */
    keyHash: text('key_hash').unique(),
    name: text('name'),
    invitedById: staffRef('invited_by_id').notNull(),
    invitedAt: timestampMs('invited_at').notNull(),
    knockedAt: timestampMs('knocked_at'),
    decidedById: staffRef('decided_by_id'),
    decidedAt: timestampMs('decided_at'),
    removedById: staffRef('removed_by_id'),
    removedAt: timestampMs('removed_at'),
  },
  (t) => [index('session_guests_session').on(t.sessionId)],
);

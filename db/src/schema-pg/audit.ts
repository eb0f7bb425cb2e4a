/** The append-only audit log. */
import { bigint, index, json, pgTable, text } from 'drizzle-orm/pg-core';
import { autoId, timestampMs } from './columns';
import { staffRef } from './staff';

/** A count or id that may pass 2^31 over the years: int8, read as a number (exact up to 2^53). */
const count = (name: string) => bigint(name, { mode: 'number' });

/**
 * Append-only; each row carries the sha256 of the previous one. before/after are `json`, not `jsonb`:
 * the hash covers JSON.stringify of the value read back, and only `json` keeps the text (key order
 * included) as it was written; jsonb would reorder keys and every row would fail the check.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: count('id').primaryKey().generatedByDefaultAsIdentity(),
    at: timestampMs('at').notNull(),
    actorId: staffRef('actor_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: json('before'),
    after: json('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_entity_idx').on(t.entityType, t.entityId)],
);

/**
 * Where the chain was last found intact: the last row checked (id and hash) and how many rows the chain
 * had up to it. The usual check starts there (see queries/auditLog.ts); a full check walks from the start.
 */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: autoId(),
  auditId: count('audit_id').notNull(),
  hash: text('hash').notNull(),
  rows: count('rows').notNull(),
  verifiedAt: timestampMs('verified_at').notNull(),
});

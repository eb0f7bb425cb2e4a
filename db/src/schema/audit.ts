/** The append-only audit log. */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { staffRef } from './staff';

/** Append-only; each row carries the sha256 of the previous one. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    actorId: staffRef('actor_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_entity_idx').on(t.entityType, t.entityId)],
);

/**
 * Where the chain was last found intact: the last row checked (id and hash) and how many rows the chain
 * had up to it. The usual check starts there (see queries/auditLog.ts); a full check walks from the start.
 */
export const auditCheckpoints = sqliteTable('audit_checkpoints', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  auditId: integer('audit_id').notNull(),
  hash: text('hash').notNull(),
  rows: integer('rows').notNull(),
  verifiedAt: integer('verified_at', { mode: 'timestamp_ms' }).notNull(),
});

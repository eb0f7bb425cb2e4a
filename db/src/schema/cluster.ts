/**
 * Several nodes over one store (issue 20): the nodes that are up, and which node holds each session's
 * room under a lease it renews. Only the PostgreSQL store has more than one node; the tables exist in
 * both so that one set of services and one cluster module (db/src/cluster.ts) serve both.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sessions } from './sessions';

/** A server process sharing the store: where browsers reach it, and when it last said it is alive. */
export const clusterNodes = sqliteTable('cluster_nodes', {
  id: text('id').primaryKey(),
  /** Its own base URL (https://node-a.example:8443): pages and signaling of the rooms it holds. */
  publicUrl: text('public_url').notNull(),
  /** Its WebRtcServer's announced address (host:port) for clerks' media. */
  mediaAddress: text('media_address').notNull(),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
  heartbeatAt: integer('heartbeat_at', { mode: 'timestamp_ms' }).notNull(),
});

/** The node holding a session's room until `expiresAt`, unless it renews; a lapsed lease may be claimed by another. */
export const roomLeases = sqliteTable(
  'room_leases',
  {
    sessionId: text('session_id')
      .primaryKey()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    nodeId: text('node_id')
      .notNull()
      .references(() => clusterNodes.id, { onDelete: 'cascade' }),
    acquiredAt: integer('acquired_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('room_leases_node_idx').on(t.nodeId), index('room_leases_expires_idx').on(t.expiresAt)],
);

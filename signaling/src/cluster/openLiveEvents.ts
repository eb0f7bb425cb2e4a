/**
 * The live events a server uses: with a PostgreSQL URL (VWINDOW_DATABASE_URL, several nodes on one
 * store) LISTEN/NOTIFY over it; without one (the SQLite store, one node) in-process delivery.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { CONNECTION_WAIT_MS } from '@vwindow/db';
import type { Logger } from '../logger';
import { InProcessLiveEvents, type LiveEvents } from './liveEvents';
import { startPostgresLiveEvents } from './postgresLiveEvents';

export interface LiveEventsChoice {
  /** The shared PostgreSQL (postgres://…); absent: one node, in process. */
  databaseUrl?: string;
  /** This node's id; default the host name, process id and a random part (unique per start). */
  nodeId?: string;
  /**
   * How long a publish waits for one of its connections (VWINDOW_DATABASE_WAIT_SECONDS) before it
   * fails and is logged, so that publishes do not queue behind a PostgreSQL that does not answer.
   */
  connectionWaitMs?: number;
  logger: Logger;
}

/** A node id unique per start: two servers in one process (tests) or a restarted one never share it. */
export function newNodeId(): string {
  return `${hostname().slice(0, 40)}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export async function openLiveEvents(choice: LiveEventsChoice): Promise<LiveEvents> {
  const nodeId = choice.nodeId ?? newNodeId();
  const onError = (error: Error, context: string) => choice.logger.error({ err: error }, context);
  if (!choice.databaseUrl) return new InProcessLiveEvents({ nodeId, onError });
  // Publishes go over a small pool of their own (the listening connection is PostgresLiveEvents' own).
  const pool = new pg.Pool({
    connectionString: choice.databaseUrl,
    max: 2,
    application_name: `vwindow-notify ${nodeId}`.slice(0, 63),
    connectionTimeoutMillis: choice.connectionWaitMs ?? CONNECTION_WAIT_MS,
  });
  pool.on('error', (error) => onError(error, 'live events: an idle publishing connection failed'));
  try {
    const events = await startPostgresLiveEvents({ nodeId, url: choice.databaseUrl, pool, onError });
    const close = events.close.bind(events);
    return Object.assign(events, {
      async close() {
        await close();
        await pool.end().catch(() => {});
      },
    });
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}

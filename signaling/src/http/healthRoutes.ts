/**
 * The product's health, in two parts:
 * - GET /api/health, without signing in (load balancers, the test servers' readiness checks): only
 *   whether it can serve, 200 { status: 'ok' } or 503 { status: 'unavailable' }, and which store and
 *   whether it answers ({ store: { kind: 'sqlite' | 'postgres', ok } }); nothing about the machine (no
 *   process ids, file paths, addresses or counts) for whoever asks. Asked with an administrator's
 *   sign-in, it also names this node and lists the cluster's live nodes (id, public URL, heartbeat age)
 *   with the session ids of the rooms each holds (cluster/RoomPlacement.ts);
 * - GET /api/admin/health, for a signed-in administrator: the details (mediasoup workers with their
 *   process ids and ports, the database file and its journal mode or PostgreSQL's URL with the password
 *   masked, uptime, the cluster's nodes).
 */
import { Hono } from 'hono';
import { databaseStatus } from '@vwindow/db';
import type { AppEnv, AppServices } from './context';
import { requireRole, signInToken } from './staffSession';

/** Serving when at least one mediasoup worker lives and the database answers. */
async function healthOf(services: AppServices) {
  const workers = services.workers.status();
  const database = await databaseStatus(services.database);
  const live = workers.filter((w) => w.alive).length;
  return { ok: live > 0 && database.ok, live, workers, database };
}

export function healthRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const { ok, database } = await healthOf(services);
    const health = { status: ok ? 'ok' : 'unavailable', store: { kind: database.kind, ok: database.ok } };
    const staff = await services.auth.staffForToken(signInToken(c));
    if (staff?.role !== 'admin') return c.json(health, ok ? 200 : 503);
    return c.json({ ...health, ...(await clusterOf(services)) }, ok ? 200 : 503);
  });
  return app;
}

/** This node and the cluster's live nodes with their rooms (null when the database does not answer). */
async function clusterOf(services: AppServices) {
  const nodes = await services.placement.health().catch((error: unknown) => {
    services.logger.warn({ err: error }, 'could not list the cluster nodes');
    return null;
  });
  return { node: services.placement.nodeId, nodes };
}

export function adminHealthRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', requireRole('admin'), async (c) => {
    const { ok, live, workers, database } = await healthOf(services);
    const cluster = await clusterOf(services);
    return c.json(
      {
        status: ok ? (live === workers.length ? 'ok' : 'degraded') : 'unavailable',
        uptimeSeconds: Math.round((Date.now() - services.startedAt.getTime()) / 1000),
        workers: { live, total: workers.length, list: workers },
        database,
        cluster,
      },
      ok ? 200 : 503,
    );
  });
  return app;
}

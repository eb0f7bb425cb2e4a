/**
 * The product's health, in two parts:
 * - GET /api/health, without signing in (load balancers, the test servers' readiness checks): only
 *   whether it can serve, 200 { status: 'ok' } or 503 { status: 'unavailable' }, and the cluster's
 *   nodes (their names, public URLs, heartbeat ages and the session ids of the rooms each holds, as a
 *   load balancer or an operator's probe needs them); nothing about the machine (no process ids, no
 *   file paths) for whoever asks;
 * - GET /api/admin/health, for a signed-in administrator: the details (mediasoup workers with their
 *   process ids and ports, the database file and its journal mode, uptime).
 */
import { Hono } from 'hono';
import { databaseStatus } from '@vwindow/db';
import type { AppEnv, AppServices } from './context';
import { requireRole } from './staffSession';

/** Serving when at least one mediasoup worker lives and the database answers. */
function healthOf(services: AppServices) {
  const workers = services.workers.status();
  const database = databaseStatus(services.database);
  const live = workers.filter((w) => w.alive).length;
  return { ok: live > 0 && database.ok, live, workers, database };
}

export function healthRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const { ok } = healthOf(services);
    const nodes = await services.placement.health().catch((error: unknown) => {
      services.logger.warn({ err: error }, 'could not list the cluster nodes');
      return null;
    });
    return c.json({ status: ok ? 'ok' : 'unavailable', node: services.placement.nodeId, nodes }, ok ? 200 : 503);
  });
  return app;
}

export function adminHealthRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', requireRole('admin'), (c) => {
    const { ok, live, workers, database } = healthOf(services);
    return c.json(
      {
        status: ok ? (live === workers.length ? 'ok' : 'degraded') : 'unavailable',
        uptimeSeconds: Math.round((Date.now() - services.startedAt.getTime()) / 1000),
        workers: { live, total: workers.length, list: workers },
        database: { ...database, file: services.database.file },
      },
      ok ? 200 : 503,
    );
  });
  return app;
}

/**
 * The product's health, in two parts:
 * - GET /api/health, without signing in (load balancers, the test servers' readiness checks): only
 *   whether it can serve, 200 { status: 'ok' } or 503 { status: 'unavailable' }, and which store and
 *   whether it answers ({ store: { kind: 'sqlite' | 'postgres', ok } }); nothing about the machine (no
 *   process ids, file paths, addresses or counts) for whoever asks;
 * - GET /api/admin/health, for a signed-in administrator: the details (mediasoup workers with their
 *   process ids and ports, the database file and its journal mode or PostgreSQL's URL with the password
 *   masked, uptime).
 */
import { Hono } from 'hono';
import { databaseStatus } from '@vwindow/db';
import type { AppEnv, AppServices } from './context';
import { requireRole } from './staffSession';

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
    return c.json({ status: ok ? 'ok' : 'unavailable', store: { kind: database.kind, ok: database.ok } }, ok ? 200 : 503);
  });
  return app;
}

export function adminHealthRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', requireRole('admin'), async (c) => {
    const { ok, live, workers, database } = await healthOf(services);
    return c.json(
      {
        status: ok ? (live === workers.length ? 'ok' : 'degraded') : 'unavailable',
        uptimeSeconds: Math.round((Date.now() - services.startedAt.getTime()) / 1000),
        workers: { live, total: workers.length, list: workers },
        database,
      },
      ok ? 200 : 503,
    );
  });
  return app;
}

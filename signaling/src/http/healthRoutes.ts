/** /api/health: mediasoup workers and the database, without signing in (for load balancers and ops). */
import { Hono } from 'hono';
import { databaseStatus } from '@vwindow/db';
import type { AppEnv, AppServices } from './context';

export function healthRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => {
    const workers = services.workers.status();
    const database = databaseStatus(services.database);
    const live = workers.filter((w) => w.alive).length;
    const ok = live > 0 && database.ok;
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

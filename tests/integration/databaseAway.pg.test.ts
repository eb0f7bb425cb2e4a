/**
 * A real server on PostgreSQL whose pool has no connection to give (every one held, as when PostgreSQL
 * stops answering or a burst holds them all): an API request, a signaling request and pages are each
 * answered 503 服务暂不可用 within VWINDOW_DATABASE_WAIT_SECONDS instead of waiting on, and served again
 * once a connection is free. Then PostgreSQL ending every connection and refusing new ones (a restart):
 * 503 again, and served once it takes connections.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PostgresStore } from '@vwindow/db';
import { t } from '../../signaling/src/protocol';
import { call } from '../support/sessionSteps';
import { TestSignalingClient } from '../support/signalingClient';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';
import { createPostgresDatabase, type PostgresTestDatabase } from '../support/testPostgresDatabase';

const CONNECTIONS = 2;
const WAIT_SECONDS = 1;
const UNAVAILABLE = { code: 'SERVICE_UNAVAILABLE', message: t('errors.SERVICE_UNAVAILABLE') };

describe('PostgreSQL out of reach: requests are answered 503 and served again', () => {
  let database: PostgresTestDatabase;
  let server: TestServer;
  let home: string;
  let signaling: TestSignalingClient;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    server = await startTestServer({
      VWINDOW_DATABASE_URL: database.url,
      VWINDOW_DATABASE_CONNECTIONS: String(CONNECTIONS),
      VWINDOW_DATABASE_WAIT_SECONDS: String(WAIT_SECONDS),
      VWINDOW_WORKERS: '1',
    });
    pool = (server.services.database as PostgresStore).postgres.pool;
    home = await signInCookie(server, 'pinghu.home');
    signaling = await TestSignalingClient.connect(server, home);
  });
  afterAll(async () => {
    signaling?.socket.close();
    await server?.dispose();
    await database?.drop();
  });

  const page = (path: string, cookie?: string) =>
    fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} }).then(async (response) => ({ status: response.status, text: await response.text() }));

  /**
   * The session list (API), a chat message (signaling), the home console (a page, whose sign-in is
   * looked up before the page is made) and a citizen's rating link (a page without sign-in, whose own
   * load meets the database), asked at once.
   */
  const askAll = async () => {
    const started = Date.now();
    const [api, ws, homeConsole, rating] = await Promise.all([
      call<{ error?: { code: string; message: string } }>(server.url, home, 'GET', '/sessions'),
      signaling.request('chat.send', { sessionId: '00000000-0000-4000-8000-000000000000', text: '您好' }),
      page('/home', home),
      page('/rate/AAAAAAAAAAAAAAAAAAAAAAAA'),
    ]);
    return { api, ws, homeConsole, rating, ms: Date.now() - started };
  };

  it('answers 503 while every pooled connection is held, within the wait, and serves once one is free', async () => {
    const held = await Promise.all(Array.from({ length: CONNECTIONS }, () => pool.connect()));
    let answers: Awaited<ReturnType<typeof askAll>>;
    try {
      answers = await askAll();
    } finally {
      for (const client of held) client.release();
    }
    expect(answers.api.status).toBe(503);
    expect(answers.api.body.error).toEqual(UNAVAILABLE);
    expect(answers.ws).toMatchObject({ ok: false, error: UNAVAILABLE });
    expect(answers.homeConsole.status).toBe(503);
    expect(answers.homeConsole.text).toContain(UNAVAILABLE.message);
    expect(answers.rating.status).toBe(503);
    expect(answers.rating.text).toContain(UNAVAILABLE.message);
    // Waited for a connection, and not much longer (a few requests one after another on each).
    expect(answers.ms).toBeGreaterThanOrEqual(WAIT_SECONDS * 1000 - 50);
    expect(answers.ms).toBeLessThan(WAIT_SECONDS * 1000 * 4);

    const again = await askAll();
    expect(again.api.status).toBe(200);
    expect(again.ws).toMatchObject({ ok: false, error: { code: 'SESSION_NOT_FOUND' } });
    expect(again.homeConsole.status).toBe(200);
    // An unknown link: the page says so (the rating page's own words), not an error.
    expect(again.rating.status).toBe(200);
    expect(again.rating.text).not.toContain(UNAVAILABLE.message);
  });

  it('answers 503 while PostgreSQL ends every connection and refuses new ones, and serves once it takes them', async () => {
    const admin = new pg.Client({ connectionString: inject('postgres').adminUrl });
    await admin.connect();
    const name = new URL(database.url).pathname.slice(1);
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      const answers = await askAll();
      expect(answers.api.status).toBe(503);
      expect(answers.api.body.error).toEqual(UNAVAILABLE);
      expect(answers.ws).toMatchObject({ ok: false, error: UNAVAILABLE });
      expect(answers.homeConsole.status).toBe(503);
      expect(answers.rating.status).toBe(503);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    const again = await askAll();
    expect(again.api.status).toBe(200);
    expect(again.homeConsole.status).toBe(200);
    expect(again.rating.status).toBe(200);
  });
});

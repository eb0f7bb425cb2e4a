/**
 * Starts the real server (real mediasoup workers, real SQLite file) on a temporary data directory; in
 * the vitest project `integration-postgres` (VWINDOW_TEST_STORE=postgres) on a fresh PostgreSQL
 * database of the run's server instead (testPostgresDatabase.ts), as VWINDOW_DATABASE_URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../signaling/src/config';
import { createLogger } from '../../signaling/src/logger';
import { startServer, type RunningServer, type StartOptions } from '../../signaling/src/server';
import { fromProductPage } from './productPage';
import { useTablesOf } from './tables';
import { createPostgresDatabase, type PostgresTestDatabase } from './testPostgresDatabase';
import { portInUse, testRtcPortBase } from './testPorts';

export { fromProductPage };

export interface TestServer extends RunningServer {
  readonly dataDir: string;
  /** Stops the server and deletes its data directory. */
  dispose(): Promise<void>;
  /** Stops the server but keeps its data directory. */
  stop(): Promise<void>;
}

/** The PostgreSQL database of each data directory (a server started again on the same data gets the same one). */
const postgresOfDataDir = new Map<string, PostgresTestDatabase>();

/** Whether the test servers of this vitest project run on PostgreSQL (the `integration-postgres` project). */
export const testStoreIsPostgres = process.env.VWINDOW_TEST_STORE === 'postgres';

/**
 * Starts a server; pass VWINDOW_DATA_DIR to start again on the data of an earlier one (or to start a
 * second node on the same store), `options.liveEvents` to join other nodes over PostgreSQL.
 */
export async function startTestServer(env: Record<string, string> = {}, options: Omit<StartOptions, 'logger'> = {}): Promise<TestServer> {
  const dataDir = env.VWINDOW_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'vwindow-it-'));
  let postgres = postgresOfDataDir.get(dataDir);
  if (testStoreIsPostgres && !postgres && env.VWINDOW_DATABASE_URL === undefined) {
    postgres = await createPostgresDatabase();
    postgresOfDataDir.set(dataDir, postgres);
  }
  // Ports of its own (testPorts.ts); when some other process holds them after all, the next block.
  const start = async (attemptsLeft: number): Promise<RunningServer> => {
    const config = loadConfig({
      VWINDOW_PORT: '0',
      VWINDOW_DATA_DIR: dataDir,
      VWINDOW_WORKERS: '2',
      VWINDOW_RTC_PORT_BASE: String(testRtcPortBase()),
      ...(postgres ? { VWINDOW_DATABASE_URL: postgres.url } : {}),
      ...env,
    });
    try {
      return await startServer(config, { logger: createLogger('warn'), ...options });
    } catch (error) {
      if (attemptsLeft > 0 && env.VWINDOW_RTC_PORT_BASE === undefined && portInUse(error)) return await start(attemptsLeft - 1);
      throw error;
    }
  };
  const server = await start(3);
  useTablesOf(server.services.database.db);
  return Object.assign(server, {
    dataDir,
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (postgres) {
        postgresOfDataDir.delete(dataDir);
        await postgres.drop();
      }
    },
    /** Stops the server but keeps its data directory. */
    async stop() {
      await server.close();
    },
  });
}

/** Signs in through the API and returns the cookie header to send with later requests. */
export async function signInCookie(server: RunningServer, username: string, password = 'Window@2026'): Promise<string> {
  const response = await fetch(`${server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { ...fromProductPage(server.url), 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${username} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie');
  if (!cookie) throw new Error('no cookie');
  return cookie.split(';')[0]!;
}

import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

/**
 * The hooks end-to-end tests and the benchmark read from the pages (window.vwindowDebug,
 * window.vwindowFirstFrames, capture display times) are compiled in only when VWINDOW_TEST_HOOKS=1
 * (scripts/setup.sh sets it for the test build) and under vitest; a production build has none.
 */
const testHooks = process.env.VWINDOW_TEST_HOOKS === '1' || process.env.VITEST !== undefined;

/** The integration tests of the services that also run on PostgreSQL (project integration-postgres). */
const POSTGRES_INTEGRATION = [
  'sessions',
  'cases',
  'captures',
  'ratings',
  'guests',
  'signaturesNotices',
  'statusLookup',
  'bothPaths',
  'authorization/authorization',
  'abandon',
  'edges',
  'receiptChecks',
  'personalData',
  'server',
];

export default defineConfig({
  plugins: [sveltekit()],
  define: { __VWINDOW_TEST_HOOKS__: JSON.stringify(testHooks) },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests start real mediasoup workers; keep them from fighting over 2 cores.
    fileParallelism: false,
    // The built web app (build/, mounted by the server in integration tests) runs as Node runs it, not
    // through Vite's transforms (which would compile its *.svelte.js chunks again).
    server: { deps: { external: [/\/build\/(handler|index|env|shims)\.js$/, /\/build\/server\//] } },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['{apps,signaling,db,tests,scripts}/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'node_modules/**', '**/*.svelte.test.ts', '**/*.pg.test.ts'],
        },
      },
      {
        // Against a real PostgreSQL: one server per run (started only when such a file is selected), a
        // database per file copied from a migrated template (db/src/testing/postgresGlobalSetup.ts).
        extends: true,
        test: { name: 'postgres', include: ['{signaling,db,tests}/**/*.pg.test.ts'], globalSetup: ['db/src/testing/postgresGlobalSetup.ts'] },
      },
      {
        // The service integration tests again, each test server on a fresh PostgreSQL database of the
        // run's server (tests/support/testServer.ts, VWINDOW_TEST_STORE=postgres): the services over the
        // other store. Not here, to keep the run short (about 3 minutes): what is not about the store
        // (tls, turn, srtp, nodeRuntime, standby, webDefences, signalingLimits, signInLimits, adminFreeText,
        // fuzz) and the recorder's (recording*, guestRecording: their rows are the same queries as above).
        // None of the tests run here reads the SQLite connection (database.sqlite); they read rows through
        // drizzle (tests/support/storeRows.ts, tables.ts).
        extends: true,
        test: {
          name: 'integration-postgres',
          include: POSTGRES_INTEGRATION.map((name) => `tests/integration/${name}.test.ts`),
          globalSetup: ['db/src/testing/postgresGlobalSetup.ts'],
          env: { VWINDOW_TEST_STORE: 'postgres' },
        },
      },
      {
        // Browser code with runes: Svelte's client build, where effects run.
        extends: true,
        resolve: { conditions: ['browser'] },
        test: { name: 'runes', environment: 'happy-dom', include: ['apps/web/src/**/*.svelte.test.ts'] },
      },
    ],
  },
});

import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

/**
 * The hooks end-to-end tests and the benchmark read from the pages (window.vwindowDebug,
 * window.vwindowFirstFrames, capture display times) are compiled in only when VWINDOW_TEST_HOOKS=1
 * (scripts/setup.sh sets it for the test build) and under vitest; a production build has none.
 */
const testHooks = process.env.VWINDOW_TEST_HOOKS === '1' || process.env.VITEST !== undefined;

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
        // Browser code with runes: Svelte's client build, where effects run.
        extends: true,
        resolve: { conditions: ['browser'] },
        test: { name: 'runes', environment: 'happy-dom', include: ['apps/web/src/**/*.svelte.test.ts'] },
      },
    ],
  },
});

/**
 * End-to-end tests: the real server (`signaling/src/main.ts`, serving the built web app from build/)
 * on its own port and a fresh data directory, driven through Debian's Chromium.
 * The web app must be built first, with the test hooks the tests read (`bash scripts/setup.sh test`, or
 * `VWINDOW_TEST_HOOKS=1 npm run build`; `npm test` does it through scripts/setup.sh).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from './tests/support/chromiumArgs';

/** The one port of the server under test (HTTP, API and WebSocket); VW_E2E_PORT to run two suites at once. */
const E2E_PORT = Number(process.env.VW_E2E_PORT ?? 3210);
// RTC ports below Linux's ephemeral range (32768 and up), where no outbound connection can hold one
// (tests/support/testPorts.ts); faults.spec.ts takes 50 above, cluster.spec.ts 100 above.
const RTC_PORT_BASE = process.env.VW_E2E_RTC_PORT_BASE ?? '22000';
const baseURL = `http://127.0.0.1:${E2E_PORT}`;

// A production build has no window.vwindowDebug and the like: say so rather than fail test by test.
const builtFlavour = existsSync('build/.built') ? readFileSync('build/.built', 'utf8').trim() : '';
if (builtFlavour === 'production') {
  throw new Error('build/ holds a production build without the test hooks: run `bash scripts/setup.sh test` (or VWINDOW_TEST_HOOKS=1 npm run build) first');
}

// The config is loaded again in every worker process: create the directory once, in the runner,
// and let the workers inherit its path.
process.env.VW_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'vwindow-e2e-'));

export default defineConfig({
  testDir: 'tests/e2e',
  globalTeardown: './tests/e2e/globalTeardown.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // A failed test keeps its trace (actions, DOM snapshots) without the filmstrip: its screencast
    // encodes every frame the page draws, which with live video takes most of a core per browser
    // here, and starved the media the tests measure (a clean link's estimate fell to 0.1 Mbit/s).
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: CHROMIUM,
          args: [...chromiumArgs],
        },
      },
    },
  ],
  webServer: {
    command: 'npx tsx signaling/src/main.ts',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      VWINDOW_PORT: String(E2E_PORT),
      VWINDOW_HOST: '127.0.0.1',
      VWINDOW_DATA_DIR: process.env.VW_E2E_DATA_DIR,
      VWINDOW_RTC_PORT_BASE: RTC_PORT_BASE,
      // The webhook test posts to a receiver on this machine over http: both allowed explicitly.
      VWINDOW_WEBHOOK_ALLOW_HTTP: '1',
      VWINDOW_WEBHOOK_ALLOWLIST: '127.0.0.1',
    },
  },
});

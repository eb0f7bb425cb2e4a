/**
 * The tests between separate network hosts (tests/netns): each spec file makes its own network
 * namespaces (a center running the server, two halls each running one clerk's Chromium) and takes
 * them down after; see tests/netns/halls.ts. They need root; without it they are skipped with one
 * line saying why. The web app must be built first (`npm test` does it through scripts/setup.sh).
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/netns',
  globalTeardown: './tests/netns/globalTeardown.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Bounded: a test that hangs fails, and the whole suite stays within a few minutes.
  timeout: 90_000,
  globalTimeout: 8 * 60_000,
  expect: { timeout: 5_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report/netns' }]] : 'list',
  outputDir: 'test-results/netns',
  use: {
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // A failed test keeps its trace (actions, DOM snapshots) without the filmstrip: its screencast
    // encodes every frame the page draws, which with live video takes most of a core per browser
    // here, and starved the media the tests measure (a clean link's estimate fell to 0.1 Mbit/s).
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
  },
});

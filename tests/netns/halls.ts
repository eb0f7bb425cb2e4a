/**
 * The network of the hall tests: the three hosts (see topology.ts), the server in the center and a
 * Chromium in each hall (the local clerk's in hall-a, the home clerk's in hall-b), set up once and
 * always taken down after. Without root the tests are skipped with one line saying why.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, type Browser, type BrowserContextOptions, type TestInfo } from '@playwright/test';
import type { CallBrowsers } from '../e2e/callHelpers';
import { CenterServer, type CenterServerOptions } from './centerServer';
import { launchInHall, trustArgs } from './hallBrowser';
import { SERVER_ADDRESS, TURN_ADDRESS, Topology, whyNoNamespaces } from './topology';

/** The product's port in the center: 443, so that a hall that reaches only 443 still reaches it. */
const PRODUCT_PORT = 443;

/**
 * How the center's server is configured for the hall tests and the benchmark: the product on 443 of
 * the server address and, when the server supports it, TURN on 443 of the center's second address.
 */
export function hallsServerOptions(): CenterServerOptions {
  return {
    port: PRODUCT_PORT,
    extraEnv: { VWINDOW_TURN: 'embedded', VWINDOW_TURN_LISTEN_IP: TURN_ADDRESS, VWINDOW_TURN_PORT: '443' },
  };
}

/**
 * The TCP destinations a hall that reaches only 443 may use: the product and TURN (null: the server
 * runs no TURN, so such a hall cannot make a call).
 */
export function turnReachOnly443(server: CenterServer): { address: string; port: number }[] | null {
  if (!server.turn) return null;
  return [
    { address: SERVER_ADDRESS, port: PRODUCT_PORT },
    { address: TURN_ADDRESS, port: 443 },
  ];
}

export interface Halls {
  topology: Topology;
  server: CenterServer;
  /** The local clerk's browser, in hall-a. */
  local: Browser;
  /** The home clerk's browser, in hall-b. */
  home: Browser;
  contextOptions: BrowserContextOptions;
  /** Both browsers, for startCall. */
  browsers: CallBrowsers;
}

/** Every PEM certificate the server keeps under its data directory (its own CA and server certificate). */
export function certificatesIn(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) found.push(...certificatesIn(path));
    else if (stat.size < 64_000 && /\.(pem|crt)$/.test(name) && readFileSync(path, 'utf8').includes('BEGIN CERTIFICATE')) found.push(path);
  }
  return found;
}

let skipNoted = false;

/** Skips the calling file's tests, with one line saying why, where namespaces cannot be made. */
export function requireNamespaces(): void {
  const why = whyNoNamespaces();
  if (why && !skipNoted) {
    skipNoted = true;
    console.log(`network namespace tests skipped: ${why}`);
  }
  base.skip(why !== null, `network namespace tests skipped: ${why}`);
}

/** Sets up the halls; `close` takes down whatever was made, also after a failed start. */
export async function openHalls(options: { server?: CenterServerOptions; browserArgs?: string[] } = {}): Promise<Halls & { close(): Promise<void> }> {
  const browsers: Browser[] = [];
  const topology = Topology.create();
  let server: CenterServer | null = null;
  const close = async () => {
    await Promise.all(browsers.map((browser) => browser.close().catch(() => undefined)));
    await server?.stop();
    topology.destroy();
  };
  try {
    server = await CenterServer.start(topology, options.server ?? hallsServerOptions());
    const args = [...trustArgs({ origin: server.url, pinnedCertificates: certificatesIn(server.dataDir) }), ...(options.browserArgs ?? [])];
    const [local, home] = await Promise.all([launchInHall(topology, 'hall-a', args), launchInHall(topology, 'hall-b', args)]);
    browsers.push(local, home);
    const contextOptions: BrowserContextOptions = { baseURL: server.url.origin, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
    return { topology, server, local, home, contextOptions, browsers: { local, home, contextOptions }, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The tests' `test`, with `halls`: made once per test worker (a failed test gets a fresh worker, so
 * fresh halls) and always taken down after.
 */
export const test = base.extend<object, { halls: Halls }>({
  halls: [
    // (Playwright wants the fixtures destructured; this one needs none of them.)
    async ({ playwright: _playwright }, use) => {
      const halls = await openHalls();
      try {
        await use(halls);
      } finally {
        await halls.close();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

/** Attaches the server's last output to a failed test. */
export async function attachServerOutput(halls: Halls, testInfo: TestInfo): Promise<void> {
  if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('server.log', { body: halls.server.output(), contentType: 'text/plain' });
}

/**
 * The session start-up measured between separate network hosts (tests/netns/topology.ts): the server
 * in the center, the local clerk's Chromium in hall-a and the home clerk's in hall-b, over the HTTPS
 * the server speaks off loopback with its CA pinned by the browsers; then again with hall-a reaching
 * only TCP 443 of the center, so that its media goes through TURN over TLS (when the server has TURN).
 * Needs root; otherwise says why and measures nothing.
 */
import type { Browser } from '@playwright/test';
import { benchChromiumArgs } from '../../tests/support/chromiumArgs';
import { CenterServer } from '../../tests/netns/centerServer';
import { launchInHall, trustArgs } from '../../tests/netns/hallBrowser';
import { certificatesIn, hallsServerOptions, turnReachOnly443 } from '../../tests/netns/halls';
import { Topology, whyNoNamespaces } from '../../tests/netns/topology';
import { measureSessionStartup, type StartupResult } from './sessionStartup';

export interface BetweenHalls {
  /** Over HTTPS between the hall hosts. */
  direct: StartupResult;
  /** With hall-a reaching only TCP 443: through TURN over TLS (null: the server has no TURN). */
  turn: StartupResult | null;
  scheme: string;
}

/** Runs both measurements (`runs` each), or returns why it cannot. */
export async function measureBetweenHalls(runs: number): Promise<BetweenHalls | string> {
  const why = whyNoNamespaces();
  if (why) return why;
  const topology = Topology.create({ tag: 'b' });
  let server: CenterServer | null = null;
  const browsers: Browser[] = [];
  try {
    server = await CenterServer.start(topology, hallsServerOptions());
    const args = trustArgs({ origin: server.url, pinnedCertificates: certificatesIn(server.dataDir) });
    const [local, home] = await Promise.all([launchInHall(topology, 'hall-a', args, benchChromiumArgs), launchInHall(topology, 'hall-b', args, benchChromiumArgs)]);
    browsers.push(local, home);
    const direct = await measureSessionStartup({ local, home }, server.url.origin, runs);
    let turn: StartupResult | null = null;
    const only443 = turnReachOnly443(server);
    if (only443) {
      topology.onlyTcpTo('hall-a', only443);
      // New contexts and pages: the browser gathers its candidates again behind the firewall.
      turn = await measureSessionStartup({ local, home }, server.url.origin, runs);
    }
    return { direct, turn, scheme: server.url.protocol.replace(':', '') };
  } finally {
    await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
    await server?.stop();
    topology.destroy();
  }
}

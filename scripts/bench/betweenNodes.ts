/**
 * Accept → first remote frame with the two clerks on different nodes of a cluster (issue 20), as a
 * multiple of the same with both on one node: two nodes on loopback sharing one PostgreSQL
 * (tests/support/clusterNodes.ts), the local clerk's pages on node A, the home clerk's on node A or on
 * node B, alternating run by run. Both runs are against the same cluster and store, so the ratio is
 * what serving the clerks from two nodes costs, not what PostgreSQL costs against SQLite.
 */
import { pathToFileURL } from 'node:url';
import type { Browser } from '@playwright/test';
import { ClusterNodes } from '../../tests/support/clusterNodes';
import { launchChromium } from './browser';
import { markdownTable, summarize } from './percentiles';
import { openStartupRunner, startupResult, type StartupResult, type StartupRun } from './sessionStartup';
import { loadNow } from './versusBare';

export interface BetweenNodes {
  /** Both clerks on node A. */
  oneNode: StartupResult;
  /** Local clerk on node A, home clerk on node B. */
  twoNodes: StartupResult;
}

export async function measureBetweenNodes(browser: Browser, runs: number, ports: { rtcPortBase: number; recorderPortBase: number }): Promise<BetweenNodes> {
  const cluster = await ClusterNodes.start({ ...ports, env: { VWINDOW_LOG_LEVEL: 'info' } });
  try {
    const [a, b] = cluster.nodes;
    const nodesLog = () => cluster.nodes.map((node, index) => `node ${index === 0 ? 'A' : 'B'}, its last log lines:\n${node.output}`).join('\n');
    const oneNode = await openStartupRunner(browser, a!.url, { local: 'lianshui.local', home: 'pinghu.home' }, nodesLog);
    const twoNodes = await openStartupRunner(browser, a!.url, { local: 'taizhou.local', home: 'pinghu.home2', homeBaseURL: b!.url }, nodesLog);
    try {
      const same: StartupRun[] = [];
      const apart: StartupRun[] = [];
      for (let index = 0; index < runs; index++) {
        same.push(await oneNode.run(index));
        apart.push(await twoNodes.run(index));
      }
      return { oneNode: startupResult(same), twoNodes: startupResult(apart) };
    } catch (error) {
      // What each node logged last, for finding why (the page's side is in the error).
      console.error(nodesLog());
      throw error;
    } finally {
      await oneNode.close();
      await twoNodes.close();
    }
  } finally {
    await cluster.stop();
  }
}

/** `npx tsx scripts/bench/betweenNodes.ts [--runs N]`: these rows alone (npm run bench prints them with the rest). */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;
  const rtcPortBase = Number(process.env.BENCH_RTC_PORT_BASE ?? 23000);
  const browser = await launchChromium();
  try {
    const loadBefore = loadNow();
    const nodes = await measureBetweenNodes(browser, runs, { rtcPortBase: rtcPortBase + 200, recorderPortBase: 61_000 });
    const local = summarize('accept → first remote frame, local side, both clerks on node A', nodes.oneNode.local, 300);
    const home = summarize('accept → first remote frame, home side, both clerks on node A', nodes.oneNode.home, 300);
    const rows = [
      local,
      home,
      summarize('… local side, the home clerk on node B', nodes.twoNodes.local, { versus: local }),
      summarize('… home side, the home clerk on node B', nodes.twoNodes.home, { versus: home }),
    ];
    console.log(`two nodes on one PostgreSQL, ${runs} runs each, alternating (load average ${loadBefore} → ${loadNow()}):\n${markdownTable(rows)}`);
  } finally {
    await browser.close();
  }
}

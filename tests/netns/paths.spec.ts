/**
 * A call between two hall hosts through the center (see halls.ts): over UDP as it should be, over
 * TCP when the local hall drops all UDP, and through TURN over TLS when it reaches only TCP 443
 * (the product and TURN both on 443, each on an address of the center's own).
 */
import { expect } from '@playwright/test';
import { expectMediaBothWays, startCall } from '../e2e/callHelpers';
import { account } from '../e2e/fixtures';
import { attachServerOutput, requireNamespaces, test, turnReachOnly443 } from './halls';
import { describePaths, hallSide, transportPaths } from './netnsCall';

requireNamespaces();

test.afterEach(async ({ halls }, testInfo) => attachServerOutput(halls, testInfo));

test('a whole call between the two hall hosts: frames decoded both ways, over UDP', async ({ halls }, testInfo) => {
  const call = await startCall(halls.browsers);
  const { localPage, homePage } = call;
  try {
    await expect(localPage.getByRole('figure').filter({ hasText: '属地窗口' }).filter({ hasText: account('pinghu.home').displayName })).toBeVisible();
    await expectMediaBothWays(call);
    for (const page of [localPage, homePage]) {
      const paths = await transportPaths(page);
      testInfo.annotations.push({ type: 'path', description: describePaths(paths) });
      for (const path of paths) expect(path.local.protocol, describePaths(paths)).toBe('udp');
    }
    await homePage.getByRole('button', { name: '结束视频会话' }).click();
    await homePage.getByRole('button', { name: '确认结束' }).click();
    await expect(localPage.getByRole('heading', { name: '视频会话已结束' })).toBeVisible();
  } finally {
    await call.close(testInfo);
  }
});

test('hall-a drops all UDP: the call goes over TCP', async ({ halls }, testInfo) => {
  const { topology } = halls;
  topology.dropUdp('hall-a');
  const call = await startCall(halls.browsers);
  try {
    await expectMediaBothWays(call);
    const paths = await transportPaths(call.localPage);
    testInfo.annotations.push({ type: 'path', description: describePaths(paths) });
    // The hall sends no UDP: straight to the RTC port over TCP, or (with TURN there too) to TURN over TCP or TLS.
    for (const path of paths) expect(hallSide(path), describePaths(paths)).toMatch(/^(tcp|relay over tcp|relay over tls)$/);
  } finally {
    await call.close(testInfo);
    topology.openFirewall('hall-a');
  }
});

test('hall-a reaches only TCP 443 of the center: the call goes through TURN over TLS', async ({ halls }, testInfo) => {
  const { topology, server } = halls;
  const only443 = turnReachOnly443(server);
  expect(only443, 'the server runs TURN').not.toBeNull();
  topology.onlyTcpTo('hall-a', only443 ?? []);
  const call = await startCall(halls.browsers);
  try {
    await expectMediaBothWays(call);
    const paths = await transportPaths(call.localPage);
    testInfo.annotations.push({ type: 'path', description: describePaths(paths) });
    for (const path of paths) {
      expect(path.local.candidateType, describePaths(paths)).toBe('relay');
      expect(path.local.relayProtocol, describePaths(paths)).toBe('tls');
    }
  } finally {
    await call.close(testInfo);
    topology.openFirewall('hall-a');
  }
});

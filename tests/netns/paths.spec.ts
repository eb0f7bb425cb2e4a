/**
 * A call between two hall hosts through the center (see halls.ts): over UDP as it should be, over
 * TCP when the local hall drops all UDP, and through TURN over TLS when it reaches only TCP 443.
 */
import { expect } from '@playwright/test';
import { expectMediaBothWays, startCall } from '../e2e/callHelpers';
import { account } from '../e2e/fixtures';
import { attachServerOutput, requireNamespaces, test } from './halls';
import { describePaths, transportPaths } from './netnsCall';

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
    for (const path of paths) {
      expect(path.local.protocol, describePaths(paths)).toBe('tcp');
      expect(path.remote.candidateType, describePaths(paths)).toBe('host');
    }
  } finally {
    await call.close(testInfo);
    topology.openFirewall('hall-a');
  }
});

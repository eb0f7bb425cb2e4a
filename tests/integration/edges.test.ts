/**
 * Edges against the real server: what a crashed upload left in captures/tmp is swept at start-up, and
 * a 413 says `Connection: close` (the rest of the body is never read).
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFrom } from '../support/fromAddress';
import { startTestServer, type TestServer } from '../support/testServer';

describe('edges', () => {
  let server: TestServer;
  const dataDir = mkdtempSync(join(tmpdir(), 'vwindow-it-'));
  const tmp = join(dataDir, 'captures', 'tmp');

  beforeAll(async () => {
    // What an upload cut off by a crash leaves behind, before the server starts on this directory.
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, '5f0e3c1a-crashed.part'), Buffer.alloc(4096, 1));
    writeFileSync(join(tmp, 'notes.txt'), 'not an upload');
    server = await startTestServer({ VWINDOW_DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('sweeps the *.part files of unfinished uploads at start-up', () => {
    expect(existsSync(join(tmp, '5f0e3c1a-crashed.part'))).toBe(false);
    expect(existsSync(join(tmp, 'notes.txt'))).toBe(true);
  });

  it('answers a body too large with 413 and Connection: close', async () => {
    const response = await requestFrom('127.0.0.1', `${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'keep-alive' },
      body: JSON.stringify({ username: 'a', password: 'x'.repeat(70_000) }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.connection).toBe('close');
    expect(response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });
});

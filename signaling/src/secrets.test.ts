import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadServerSecret } from './secrets';

describe('loadServerSecret', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'vwindow-secret-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('makes a 32-byte secret once, readable by its owner only, and reads the same one later', () => {
    const dir = fresh();
    const first = loadServerSecret(dir);
    expect(first).toHaveLength(32);
    expect(statSync(join(dir, 'server-secret.key')).mode & 0o777).toBe(0o600);
    expect(loadServerSecret(dir).equals(first)).toBe(true);
    expect(readdirSync(dir)).toEqual(['server-secret.key']);
  });

  it('gives every node starting on a shared directory at once the same secret', async () => {
    const dir = fresh();
    // Eight processes, as eight nodes, all look for the file at the same instant (a start time each
    // waits for), so several find it missing and make one: all must end with the same secret.
    const startAt = Date.now() + 2_500;
    const script = `
      const { loadServerSecret } = await import(${JSON.stringify(join(import.meta.dirname, 'secrets.ts'))});
      while (Date.now() < ${startAt}) {}
      process.stdout.write(loadServerSecret(${JSON.stringify(dir)}).toString('hex'));`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], (error, stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(stdout)));
      });
    const secrets = await Promise.all(Array.from({ length: 8 }, run));
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toHaveLength(64);
    expect(readdirSync(dir)).toEqual(['server-secret.key']);
  });
});

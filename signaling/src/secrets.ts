/**
 * The server's own secret (for derived tokens), created once in the data directory with mode 0600.
 * Nodes sharing the data directory share it: the first to start makes it, atomically (written to a
 * file of its own, then linked into place, which fails when another node's is already there), so a
 * node starting at the same moment reads the same secret, never a half-written one.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadServerSecret(dataDir: string): Buffer {
  const file = join(dataDir, 'server-secret.key');
  if (!existsSync(file)) {
    const draft = join(dataDir, `.server-secret.${randomUUID()}.tmp`);
    writeFileSync(draft, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
  }
  const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (secret.length < 32) throw new Error(`${file} holds no usable secret; delete it to have a new one made`);
  return secret;
}

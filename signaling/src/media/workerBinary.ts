/**
 * mediasoup reads MEDIASOUP_WORKER_BIN once, when it is first imported. scripts/setup.sh records the
 * worker it found or built in node_modules/.vwindow/worker.env; this puts that into the environment
 * (unless the variable is already set) and only then loads mediasoup.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workerEnvFile = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'node_modules', '.vwindow', 'worker.env');

export function ensureWorkerBinaryEnv(): string | undefined {
  if (!process.env.MEDIASOUP_WORKER_BIN && existsSync(workerEnvFile)) {
    const match = /^MEDIASOUP_WORKER_BIN=(.+)$/m.exec(readFileSync(workerEnvFile, 'utf8'));
    if (match?.[1]) process.env.MEDIASOUP_WORKER_BIN = match[1].trim();
  }
  return process.env.MEDIASOUP_WORKER_BIN;
}

export async function loadMediasoup(): Promise<typeof import('mediasoup')> {
  ensureWorkerBinaryEnv();
  return import('mediasoup');
}

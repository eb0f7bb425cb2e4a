/** Deletes the e2e server's temporary data directory after the run. */
import { rmSync } from 'node:fs';

export default function globalTeardown(): void {
  const dir = process.env.VW_E2E_DATA_DIR;
  if (dir && dir.includes('vwindow-e2e-')) rmSync(dir, { recursive: true, force: true });
}

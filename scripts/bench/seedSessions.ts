/**
 * A data directory with `count` generated sessions (db/src/testing/sessionHistory.ts) on top of the
 * demo catalog and accounts, for the API rows: one transaction, prepared statements.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, seedDemoData } from '@vwindow/db';
import { loadConfig } from '../../signaling/src/config';
import { writeSessionHistory, type SessionHistorySummary } from '../../db/src/testing/sessionHistory';

export async function seededDataDir(count: number, now: Date): Promise<{ dataDir: string; summary: SessionHistorySummary; seconds: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), `vwindow-bench-api-${count}-`));
  const started = performance.now();
  // The file the server will open on that data directory.
  const database = openDatabase({ file: loadConfig({ VWINDOW_DATA_DIR: dataDir }).databaseFile });
  try {
    await seedDemoData(database);
    const summary = writeSessionHistory(database, { sessions: count, now });
    return { dataDir, summary, seconds: (performance.now() - started) / 1000 };
  } finally {
    database.close();
  }
}

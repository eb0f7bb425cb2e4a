/**
 * A data directory with `count` generated sessions (db/src/testing/sessionHistory.ts) on top of the
 * demo catalog and accounts, for the API rows: one transaction, prepared statements. The rows are
 * written straight into the file, so the supervisor's day figures (statistics_days) are then computed
 * for the past 30 days, as a running product has them once its statistics were asked for (today's
 * figures always come from the sessions).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allJurisdictions, openDatabase, seedDemoData } from '@vwindow/db';
import { loadConfig } from '../../signaling/src/config';
import { beijingDate } from '../../signaling/src/cases/workingDays';
import { refreshStatisticsDays } from '../../signaling/src/supervision/statisticsDays';
import { writeSessionHistory, type SessionHistorySummary } from '../../db/src/testing/sessionHistory';

/** Where a data directory's database file is. */
export const databaseFileOf = (dataDir: string) => loadConfig({ VWINDOW_DATA_DIR: dataDir }).databaseFile;

export async function seededDataDir(count: number, now: Date): Promise<{ dataDir: string; summary: SessionHistorySummary; seconds: number; statisticsDays: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), `vwindow-bench-api-${count}-`));
  const started = performance.now();
  // The file the server will open on that data directory.
  const database = openDatabase({ file: databaseFileOf(dataDir) });
  try {
    await seedDemoData(database);
    const summary = writeSessionHistory(database, { sessions: count, now });
    const codes = (await allJurisdictions(database.db)).map((j) => j.code);
    const statisticsDays = await refreshStatisticsDays(database.db, codes, beijingDate(new Date(now.getTime() - 30 * 86_400_000)), beijingDate(now));
    return { dataDir, summary, seconds: (performance.now() - started) / 1000, statisticsDays };
  } finally {
    database.close();
  }
}

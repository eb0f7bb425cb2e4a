/**
 * `npm run audit:verify`: walks the audit log chain of the configured store (SQLite or PostgreSQL) from its last checkpoint
 * (`npm run audit:verify -- --full`: from the first row) and checks every recording segment file against
 * the sha256 the chain holds; exit 1 when either is broken.
 */
import { join } from 'node:path';
import { maskDatabaseUrl, openStore } from '@vwindow/db';
import { verifyAuditWithRecordings } from '../signaling/src/audit/AuditService';
import { loadConfig } from '../signaling/src/config';

const config = loadConfig();
// The configured store: PostgreSQL when VWINDOW_DATABASE_URL is set, else the SQLite file.
const database = await openStore({ databaseUrl: config.databaseUrl, file: config.databaseFile, migrate: false, maxConnections: 1 });
const where = config.databaseUrl ? maskDatabaseUrl(config.databaseUrl) : config.databaseFile;
try {
  const full = process.argv.includes('--full');
  const result = await verifyAuditWithRecordings(database.db, join(config.dataDir, 'recordings'), { full });
  const checked = result.fromRow ? `rows after ${result.fromRow} checked from the last checkpoint` : 'every row checked';
  if (result.ok) {
    console.log(`audit chain intact: ${result.rows} rows (${checked}), ${result.recordingSegments ?? 0} recording segments match their sha256 (${where})`);
  } else if (result.recording) {
    console.error(`recording ${result.recording.problem}: ${result.recording.file} (its sha256 is in audit row ${result.brokenAtId}; ${where})`);
    process.exitCode = 1;
  } else {
    console.error(`audit chain broken at row ${result.brokenAtId} (${result.rows} rows, ${checked}; ${where})`);
    process.exitCode = 1;
  }
} finally {
  await database.close();
}

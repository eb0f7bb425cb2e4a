/** `npm run audit:verify`: walks the audit log chain of the configured database; exit 1 when broken. */
import { openDatabase, verifyAuditChain } from '@vwindow/db';
import { loadConfig } from '../signaling/src/config';

const config = loadConfig();
const database = openDatabase({ file: config.databaseFile, migrate: false });
try {
  const result = verifyAuditChain(database.db);
  if (result.ok) {
    console.log(`audit chain intact: ${result.rows} rows (${config.databaseFile})`);
  } else {
    console.error(`audit chain broken at row ${result.brokenAtId} (checked ${result.rows} rows, ${config.databaseFile})`);
    process.exitCode = 1;
  }
} finally {
  database.close();
}

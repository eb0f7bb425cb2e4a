import { auditLogContract } from '../testing/auditLogContract';
import { openSqliteStore } from '../testing/storeUnderTest';

auditLogContract('SQLite', openSqliteStore);

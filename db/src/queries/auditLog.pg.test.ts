import { auditLogContract } from '../testing/auditLogContract';
import { openPostgresStore } from '../testing/openPostgresStore';

auditLogContract('PostgreSQL', openPostgresStore);

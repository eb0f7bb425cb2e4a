import { listPagingContract } from '../testing/listPagingContract';
import { openPostgresStore } from '../testing/openPostgresStore';

listPagingContract('PostgreSQL', openPostgresStore);

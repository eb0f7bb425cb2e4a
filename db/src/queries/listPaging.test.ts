import { listPagingContract } from '../testing/listPagingContract';
import { openSqliteStore } from '../testing/storeUnderTest';

listPagingContract('SQLite', openSqliteStore);

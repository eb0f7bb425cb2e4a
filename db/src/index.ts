export * as schema from './schema';
export * from './schema';
export { openDatabase, applyMigrations, drizzleOver, databaseStatus, migrationsFolder, type Database, type Db, type SqliteDatabase, type StoreKind, type StoreStatus } from './database';
export { openStore, postgresStore, type PostgresStore, type StoreOptions } from './openStore';
export { isPostgres, tablesOf, type Tables } from './store';
export { connectionOf, inTransaction, inTransactionContext, type Tx } from './transaction';
export { hashPassword, verifyPassword, type PasswordHashOptions } from './password';
export { isRefusedStatement } from './refusedStatement';
export { DatabaseUnavailableError, isDatabaseUnavailable } from './databaseUnavailable';
export * from './queries/staffAccounts';
export * from './queries/auditLog';
export { seedDemoData, demoAccounts, DEMO_PASSWORD, type SeedSummary } from './seed';
export * from './queries/sessions';
export * from './queries/catalog';
export * from './queries/captures';
export * from './queries/cases';
export * from './queries/webhooks';
export * from './queries/ratings';
export * from './queries/supervision';
export * from './queries/statisticsDays';
export * from './queries/recordings';
export * from './queries/guests';
export * from './queries/documents';
export * as pgSchema from './schema-pg';
export { openPostgres, maskDatabaseUrl, CONNECTION_WAIT_MS, lockAuditChain, lockCaseNumberDay, lockSeeding, pgMigrationsFolder, type PostgresDatabase, type PgDb, type PgTx } from './postgres';
export {
  claimRoom,
  expiredRooms,
  heartbeatNode,
  liveNodes,
  registerNode,
  releaseRoom,
  removeNode,
  renewLeases,
  roomHolder,
  roomsOf,
  type ClusterDb,
  type ClusterNodeRow,
  type NodeAddress,
  type RoomClaim,
  type RoomLeaseRow,
} from './cluster';

export * as schema from './schema';
export * from './schema';
export { openDatabase, databaseStatus, migrationsFolder, type Database, type Db } from './database';
export { hashPassword, verifyPassword, type PasswordHashOptions } from './password';
export * from './queries/staffAccounts';
export * from './queries/auditLog';
export { seedDemoData, demoAccounts, DEMO_PASSWORD, type SeedSummary } from './seed';
export * from './queries/sessions';
export * from './queries/catalog';

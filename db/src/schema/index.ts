/**
 * The data model of the virtual window, one table per domain concept (see shared DESIGN.md, "Words"),
 * grouped in one file per area. camelCase keys in TypeScript, snake_case columns in SQLite;
 * timestamps are epoch milliseconds.
 */
export * from './catalog';
export * from './staff';
export * from './sessions';
export * from './cases';
export * from './ratings';
export * from './audit';
export * from './recordings';
export * from './guests';
export * from './documents';
export * from './cluster';
export * from './statistics';

/**
 * The data model of the virtual window on PostgreSQL: file by file the tables of ../schema (SQLite), with
 * the same names, keys, indexes and row types (sameTypes.test.ts, schemaEquality.pg.test.ts); instants
 * are timestamptz to the millisecond (see columns.ts for each mapping). A change to one is made to both,
 * and each gets its migration: drizzle.config.ts and drizzle.pg.config.ts.
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

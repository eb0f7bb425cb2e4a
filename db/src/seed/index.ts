/**
 * Seeds an empty database with the demo data: jurisdictions, service points, matters with their
 * materials, and one or more staff accounts per role. Idempotent: a database that already has
 * jurisdictions is left alone.
 */
import { count } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database, Db } from '../database';
import { inTransaction, type Tx } from '../transaction';
import { hashPassword, type PasswordHashOptions } from '../password';
import { lockSeeding } from '../postgres';
import { asPgDb, isPostgres, tablesOf } from '../store';
import { seedJurisdictions } from './jurisdictions';
import { seedMatters } from './matters';
import { seedServicePoints } from './servicePoints';
import { DEMO_PASSWORD, demoAccounts } from './staff';

export { DEMO_PASSWORD, demoAccounts, type DemoAccount } from './staff';
export { seedJurisdictions, type SeedJurisdiction } from './jurisdictions';
export { seedServicePoints, type SeedServicePoint } from './servicePoints';
export { seedMatters, type SeedMatter, type SeedMaterial } from './matters';

export interface SeedOptions {
  /** scrypt cost for the demo passwords; tests lower it. Default: password.ts's defaults. */
  passwordHash?: PasswordHashOptions;
}

export interface SeedSummary {
  /** False when the database already had data and nothing was inserted. */
  seeded: boolean;
  /** Row counts of the seeded tables after the call. */
  jurisdictions: number;
  servicePoints: number;
  matters: number;
  materials: number;
  staff: number;
}

type Counts = Omit<SeedSummary, 'seeded'>;

export async function seedDemoData(database: Database, options: SeedOptions = {}): Promise<SeedSummary> {
  const { db } = database;
  if ((await hasJurisdictions(db))) return { seeded: false, ...await countRows(db) };

  // Hash first, then write: a transaction body awaits only the database.
  const passwordHashes = await Promise.all(
    demoAccounts.map(() => hashPassword(DEMO_PASSWORD, options.passwordHash)),
  );

  // BEGIN IMMEDIATE (SQLite) or the seeding lock (PostgreSQL: nodes started together on an empty
  // database) comes before the second look, so two seeders cannot both insert.
  const seeded = await inTransaction(db, async (tx) => {
      if (isPostgres(tx)) await lockSeeding(asPgDb(tx));
      if ((await hasJurisdictions(tx))) return false;
      await insertAll(tx, passwordHashes);
      return true;
  });
  return { seeded, ...await countRows(db) };
}

async function insertAll(tx: Tx, passwordHashes: readonly string[]): Promise<void> {
  const { jurisdictions, matterMaterials, matters, servicePoints, staff } = tablesOf(tx);
  // Parents come first in seedJurisdictions, so the parent foreign key holds row by row.
  await tx.insert(jurisdictions).values([...seedJurisdictions]);

  const servicePointIds = new Map<string, number>();
  for (const point of seedServicePoints) {
    const row = (await tx.insert(servicePoints).values(point).returning({ id: servicePoints.id }))[0]!;
    servicePointIds.set(point.name, row.id);
  }

  for (const { materials, ...matter } of seedMatters) {
    const row = (await tx.insert(matters).values(matter).returning({ id: matters.id }))[0]!;
    await tx.insert(matterMaterials)
      .values(materials.map((material, sortOrder) => ({ ...material, matterId: row.id, sortOrder })));
  }

  for (const [i, account] of demoAccounts.entries()) {
    const { servicePointName, ...fields } = account;
    const servicePointId = servicePointName === null ? null : servicePointIds.get(servicePointName);
    if (servicePointId === undefined) {
      throw new Error(`Demo account ${account.username}: unknown service point "${servicePointName}"`);
    }
    const passwordHash = passwordHashes[i];
    if (passwordHash === undefined) throw new Error(`Demo account ${account.username}: no password hash`);
    await tx.insert(staff).values({ ...fields, servicePointId, passwordHash });
  }
}

async function hasJurisdictions(db: Db): Promise<boolean> {
  const { jurisdictions } = tablesOf(db);
  return (await db.select({ code: jurisdictions.code }).from(jurisdictions).limit(1))[0] !== undefined;
}

async function countRows(db: Db): Promise<Counts> {
  const { jurisdictions, matterMaterials, matters, servicePoints, staff } = tablesOf(db);
  const rows = async (table: SQLiteTable) => (await db.select({ n: count() }).from(table))[0]?.n ?? 0;
  return {
    jurisdictions: await rows(jurisdictions),
    servicePoints: await rows(servicePoints),
    matters: await rows(matters),
    materials: await rows(matterMaterials),
    staff: await rows(staff),
  };
}

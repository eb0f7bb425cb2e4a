/**
 * Seeds an empty database with the demo data: jurisdictions, service points, matters with their
 * materials, and one or more staff accounts per role. Idempotent: a database that already has
 * jurisdictions is left alone.
 */
import { count } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database, Db } from '../database';
import { hashPassword, type PasswordHashOptions } from '../password';
import { jurisdictions, matterMaterials, matters, servicePoints, staff } from '../schema';
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

type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0];
type Counts = Omit<SeedSummary, 'seeded'>;

export async function seedDemoData(database: Database, options: SeedOptions = {}): Promise<SeedSummary> {
  const { db } = database;
  if (hasJurisdictions(db)) return { seeded: false, ...countRows(db) };

  // scrypt is asynchronous and better-sqlite3 transactions are not: hash first, then write.
  const passwordHashes = await Promise.all(
    demoAccounts.map(() => hashPassword(DEMO_PASSWORD, options.passwordHash)),
  );

  // 'immediate' takes the write lock before the second look, so two seeders cannot both insert.
  const seeded = db.transaction(
    (tx) => {
      if (hasJurisdictions(tx)) return false;
      insertAll(tx, passwordHashes);
      return true;
    },
    { behavior: 'immediate' },
  );
  return { seeded, ...countRows(db) };
}

function insertAll(tx: Transaction, passwordHashes: readonly string[]): void {
  // Parents come first in seedJurisdictions, so the parent foreign key holds row by row.
  tx.insert(jurisdictions).values([...seedJurisdictions]).run();

  const servicePointIds = new Map<string, number>();
  for (const point of seedServicePoints) {
    const row = tx.insert(servicePoints).values(point).returning({ id: servicePoints.id }).get();
    servicePointIds.set(point.name, row.id);
  }

  for (const { materials, ...matter } of seedMatters) {
    const row = tx.insert(matters).values(matter).returning({ id: matters.id }).get();
    tx.insert(matterMaterials)
      .values(materials.map((material, sortOrder) => ({ ...material, matterId: row.id, sortOrder })))
      .run();
  }

  demoAccounts.forEach((account, i) => {
    const { servicePointName, ...fields } = account;
    const servicePointId = servicePointName === null ? null : servicePointIds.get(servicePointName);
    if (servicePointId === undefined) {
      throw new Error(`Demo account ${account.username}: unknown service point "${servicePointName}"`);
    }
    const passwordHash = passwordHashes[i];
    if (passwordHash === undefined) throw new Error(`Demo account ${account.username}: no password hash`);
    tx.insert(staff).values({ ...fields, servicePointId, passwordHash }).run();
  });
}

function hasJurisdictions(db: Db | Transaction): boolean {
  return db.select({ code: jurisdictions.code }).from(jurisdictions).limit(1).get() !== undefined;
}

function countRows(db: Db): Counts {
  const rows = (table: SQLiteTable) => db.select({ n: count() }).from(table).get()?.n ?? 0;
  return {
    jurisdictions: rows(jurisdictions),
    servicePoints: rows(servicePoints),
    matters: rows(matters),
    materials: rows(matterMaterials),
    staff: rows(staff),
  };
}

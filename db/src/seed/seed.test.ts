/**
 * The demo seed against a real SQLite file with the committed migrations applied.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../database';
import { verifyPassword, type PasswordHashOptions } from '../password';
import { jurisdictions, matterMaterials, matters, servicePoints, staff } from '../schema';
import {
  DEMO_PASSWORD,
  demoAccounts,
  seedDemoData,
  seedJurisdictions,
  seedMatters,
  seedServicePoints,
  type SeedSummary,
} from './index';

const fastHash: PasswordHashOptions = { N: 2 ** 10 };

let dir: string;
let database: SqliteDatabase;
let first: SeedSummary;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vwindow-seed-'));
  database = openDatabase({ file: join(dir, 'seed.sqlite') });
  first = await seedDemoData(database, { passwordHash: fastHash });
});

afterAll(async () => {
  database?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('seedDemoData', () => {
  it('inserts every row of the demo data once', () => {
    const materialCount = seedMatters.reduce((sum, matter) => sum + matter.materials.length, 0);
    expect(first).toEqual({
      seeded: true,
      jurisdictions: seedJurisdictions.length,
      servicePoints: seedServicePoints.length,
      matters: seedMatters.length,
      materials: materialCount,
      staff: demoAccounts.length,
    });
  });

  it('does nothing the second time', async () => {
    const second = await seedDemoData(database, { passwordHash: fastHash });
    expect(second).toEqual({ ...first, seeded: false });
  });

  it('seeds only once when two calls race on an empty database', async () => {
    const other = openDatabase({ file: join(dir, 'race.sqlite') });
    try {
      const results = await Promise.all([
        seedDemoData(other, { passwordHash: fastHash }),
        seedDemoData(other, { passwordHash: fastHash }),
      ]);
      expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
      expect(results[0]?.staff).toBe(demoAccounts.length);
      expect(results[1]?.staff).toBe(demoAccounts.length);
    } finally {
      other.close();
    }
  });
});

describe('jurisdictions', () => {
  it('have six-digit codes whose parents exist one level up', async () => {
    expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(database.sqlite.pragma('foreign_key_check')).toEqual([]);

    const rows = await database.db.select().from(jurisdictions);
    const byCode = new Map(rows.map((row) => [row.code, row]));
    for (const row of rows) {
      expect(row.code).toMatch(/^\d{6}$/);
      if (row.level === 'province') {
        expect(row.parentCode).toBeNull();
        expect(row.code.endsWith('0000')).toBe(true);
        continue;
      }
      const parent = byCode.get(row.parentCode ?? '');
      expect(parent, `parent of ${row.code} ${row.name}`).toBeDefined();
      // A code starts with its province's two digits (and its city's four, below a city).
      expect(row.code.slice(0, 2)).toBe(parent?.code.slice(0, 2));
      if (row.level === 'city') expect(parent?.level).toBe('province');
      if (parent?.level === 'city') expect(row.code.slice(0, 4)).toBe(parent.code.slice(0, 4));
    }
  });

  it('include the Delta and the named counties and cities', async () => {
    const expected: Record<string, string> = {
      '310000': '上海市',
      '320000': '江苏省',
      '330000': '浙江省',
      '340000': '安徽省',
      '320800': '淮安市',
      '320826': '涟水县',
      '321200': '泰州市',
      '330400': '嘉兴市',
      '330482': '平湖市',
      '340600': '淮北市',
    };
    for (const [code, name] of Object.entries(expected)) {
      const [row] = await database.db.select().from(jurisdictions).where(eq(jurisdictions.code, code));
      expect(row?.name, code).toBe(name);
    }
    const [lianshui] = await database.db.select().from(jurisdictions).where(eq(jurisdictions.code, '320826'));
    expect(lianshui).toMatchObject({ level: 'county', parentCode: '320800' });
  });
});

describe('service points', () => {
  it('are at least two on each side, counting "both" on both', async () => {
    const rows = await database.db.select().from(servicePoints);
    const local = rows.filter((row) => row.side !== 'home');
    const home = rows.filter((row) => row.side !== 'local');
    expect(local.length).toBeGreaterThanOrEqual(2);
    expect(home.length).toBeGreaterThanOrEqual(2);
    expect(new Set(rows.map((row) => row.name)).size).toBe(rows.length);
  });
});

describe('matters', () => {
  it('are at least twelve, each with a required material, in checklist order', async () => {
    const rows = await database.db.select().from(matters);
    expect(rows.length).toBeGreaterThanOrEqual(12);
    for (const matter of rows) {
      const materials = await database.db
        .select()
        .from(matterMaterials)
        .where(eq(matterMaterials.matterId, matter.id))
        .orderBy(asc(matterMaterials.sortOrder));
      expect(materials.some((material) => material.required), matter.name).toBe(true);
      expect(materials.map((material) => material.sortOrder)).toEqual(materials.map((_, i) => i));
      expect(matter.timeLimitDays).toBeGreaterThan(0);
      expect(matter.description).not.toBe('');
    }
  });

  it('carry their home jurisdiction in their code and can be taken there', async () => {
    const homePoints = (await database.db.select().from(servicePoints)).filter((p) => p.side !== 'local');
    const homeCodes = new Set<string>();
    for (const matter of await database.db.select().from(matters)) {
      expect(matter.code).toMatch(/^KSTB-\d{6}-\d{3}$/);
      expect(matter.code.slice(5, 11)).toBe(matter.homeJurisdictionCode);
      expect(homePoints.some((p) => p.jurisdictionCode === matter.homeJurisdictionCode), matter.code).toBe(true);
      homeCodes.add(matter.homeJurisdictionCode);
    }
    for (const code of ['330482', '340600', '320826', '321200']) expect(homeCodes.has(code)).toBe(true);
    expect(homeCodes.size).toBeGreaterThanOrEqual(5);
  });
});

describe('demo accounts', () => {
  it('include the documented usernames', () => {
    const usernames = demoAccounts.map((account) => account.username);
    expect(usernames).toEqual(
      expect.arrayContaining([
        'lianshui.local',
        'taizhou.local',
        'pinghu.home',
        'pinghu.home2',
        'huaibei.home',
        'pinghu.supervisor',
        'jiangsu.supervisor',
        'admin',
      ]),
    );
    expect(new Set(demoAccounts.map((account) => account.role))).toEqual(
      new Set(['local_clerk', 'home_clerk', 'supervisor', 'admin']),
    );
  });

  it('sign in with the demo password and sit at a fitting window', async () => {
    const points = new Map((await database.db.select().from(servicePoints)).map((p) => [p.id, p]));
    for (const account of demoAccounts) {
      const [row] = await database.db.select().from(staff).where(eq(staff.username, account.username));
      expect(row, account.username).toBeDefined();
      if (!row) continue;
      expect(row).toMatchObject({
        displayName: account.displayName,
        role: account.role,
        jurisdictionCode: account.jurisdictionCode,
        active: true,
      });
      expect(await verifyPassword(DEMO_PASSWORD, row.passwordHash), account.username).toBe(true);

      const point = row.servicePointId === null ? undefined : points.get(row.servicePointId);
      expect(point?.name ?? null).toBe(account.servicePointName);
      if (account.role === 'local_clerk' || account.role === 'home_clerk') {
        expect(point?.jurisdictionCode, account.username).toBe(account.jurisdictionCode);
        expect(point?.side, account.username).not.toBe(account.role === 'local_clerk' ? 'home' : 'local');
      }
    }
  });

  it('reject a wrong password', async () => {
    const [row] = await database.db.select().from(staff).where(eq(staff.username, 'admin'));
    expect(await verifyPassword('window@2026', row?.passwordHash ?? '')).toBe(false);
  });
});

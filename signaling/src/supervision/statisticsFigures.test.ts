/**
 * The supervisor's figures as the service answers them (read in chunks, kept while nothing changes)
 * equal a full recomputation from every session of the period, on a real SQLite file with a
 * generated history; a change anywhere in the database is seen by the next request.
 */
import { eq, sql } from 'drizzle-orm';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzleOver, ratings, sessionsForStatistics, setExcludedFromStats, staff as staffTable, type StatisticsFact } from '@vwindow/db';
import { createTempDatabase, type TempDatabase } from '../../../db/src/testing/tempDatabase';
import { writeSessionHistory } from '../../../db/src/testing/sessionHistory';
import { CatalogService } from '../catalog/CatalogService';
import type { SignedInStaff, StatisticsPeriod, StatisticsRow } from '../protocol';
import { SATISFIED_FROM } from '../protocol';
import { percentOf } from './satisfaction';
import { readStatisticsFacts } from './statisticsFigures';
import { SupervisionService } from './SupervisionService';

const now = new Date('2026-11-30T06:00:00Z');

/** The figures the plain way: every fact of a group filtered out of the whole list, medians by sorting. */
function recompute(facts: StatisticsFact[], key: (f: StatisticsFact) => string | null, label: (f: StatisticsFact) => string): StatisticsRow[] {
  const counted = facts.filter((f) => f.status !== 'cancelled');
  const keys = [...new Set(counted.map(key).filter((k): k is string => k !== null))];
  const med = (values: number[]) => {
    if (values.length === 0) return null;
    const s = [...values].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return Math.round(s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2);
  };
  return keys
    .map((k) => {
      const list = counted.filter((f) => key(f) === k);
      const rated = list.filter((f) => f.ratingLevel !== null && !f.ratingExcluded);
      const satisfied = rated.filter((f) => f.ratingLevel! >= SATISFIED_FROM).length;
      return {
        key: k,
        label: label(list[0]!),
        sessions: list.length,
        medianWaitSeconds: med(list.filter((f) => f.acceptedAt).map((f) => (f.acceptedAt!.getTime() - f.createdAt.getTime()) / 1000)),
        medianHandlingSeconds: med(list.filter((f) => f.acceptedAt && f.endedAt).map((f) => (f.endedAt!.getTime() - f.acceptedAt!.getTime()) / 1000)),
        ratings: rated.length,
        satisfactionPercent: rated.length === 0 ? null : Math.floor((satisfied * 1000) / rated.length + 0.5) / 10,
        cases: list.filter((f) => f.caseId !== null).length,
        supplementPercent: percentOf(list.filter((f) => f.caseId !== null && f.supplemented).length, list.filter((f) => f.caseId !== null).length),
      };
    })
    .sort((a, b) => b.sessions - a.sessions);
}

const bySessions = (rows: StatisticsRow[]) => [...rows].sort((a, b) => b.sessions - a.sessions || a.key.localeCompare(b.key));

describe('supervisor statistics', () => {
  let database: TempDatabase;
  let service: SupervisionService;
  let catalog: CatalogService;
  let supervisor: SignedInStaff;
  beforeAll(async () => {
    database = await createTempDatabase({ seed: true });
    writeSessionHistory(database, { sessions: 3000, now, perDay: 120 });
    // Some ratings taken out by an upheld appeal, and some bad ones.
    await database.db.run(sql`UPDATE ratings SET excluded_from_stats = 1 WHERE id % 17 = 0`);
    await database.db.run(sql`UPDATE ratings SET level = 1 WHERE id % 23 = 0`);
    catalog = new CatalogService({ database });
    service = new SupervisionService({ database, catalog, now: () => now });
    const row = (await database.db.select().from(staffTable).where(eq(staffTable.username, 'jiangsu.supervisor')))[0]!;
    supervisor = { id: row.id, username: row.username, displayName: row.displayName, role: 'supervisor', jurisdictionCode: row.jurisdictionCode, jurisdictionName: '', servicePointId: null, servicePointName: null };
  });
  afterAll(() => database.dispose());

  it.each(['today', '7d', '30d'] as const)('%s: chunked figures equal a full recomputation', async (period: StatisticsPeriod) => {
    for (const who of [supervisor, { ...supervisor, jurisdictionCode: '330000' }, { ...supervisor, jurisdictionCode: '330482' }]) {
      const stats = await service.statistics(who, period);
      const facts = await sessionsForStatistics(database.db, await catalog.coveredCodes(who), new Date(stats.since));
      expect(facts.length).toBeGreaterThan(0);
      const [total] = recompute(facts, () => 'total', () => stats.total.label);
      expect(stats.total).toEqual(total);
      expect(bySessions(stats.byServicePoint)).toEqual(bySessions(recompute(facts, (f) => String(f.localServicePointId), (f) => f.localServicePointName)));
      expect(bySessions(stats.byMatter)).toEqual(bySessions(recompute(facts, (f) => String(f.matterId), (f) => f.matterName)));
      expect(bySessions(stats.byClerk)).toEqual(bySessions(recompute(facts, (f) => (f.homeClerkId === null ? null : String(f.homeClerkId)), (f) => f.homeClerkName ?? '')));
    }
  });

  it('reads every session of the period once, whatever the chunk size', async () => {
    const codes = (await catalog.coveredCodes(supervisor)).concat('330482');
    const since = new Date(now.getTime() - 30 * 86_400_000);
    const whole = (await sessionsForStatistics(database.db, codes, since)).map((f) => f.id).sort();
    for (const chunk of [7, 250, 100_000]) {
      const read = (await readStatisticsFacts(database.db, codes, since, chunk)).map((f) => f.id);
      expect(new Set(read).size).toBe(read.length);
      expect(read.sort()).toEqual(whole);
    }
  });

  it('answers again from the figures computed while nothing changed, and sees any change', async () => {
    // The same figures (the very object computed the first time), not figures computed again.
    const first = await service.statistics(supervisor, '30d');
    expect(await service.statistics(supervisor, '30d')).toBe(first);
    const before = first;
    expect(await service.statistics(supervisor, '30d')).toBe(first);

    // A change on the server's own connection (through the query that makes it, which marks its day) …
    const rated = await database.db.select({ id: ratings.id }).from(ratings).where(sql`${ratings.level} = 5 AND ${ratings.excludedFromStats} = 0 AND ${ratings.createdAt} > ${now.getTime() - 20 * 86_400_000}`).limit(40);
    const inScope = rated.map((r) => r.id);
    for (const id of inScope) await setExcludedFromStats(database.db, id, true);
    const afterOwn = await service.statistics(supervisor, '30d');
    expect(afterOwn).not.toEqual(before);
    expect(afterOwn.total.ratings).toBeLessThan(before.total.ratings);
    expect(afterOwn.total.satisfactionPercent!).toBeLessThanOrEqual(before.total.satisfactionPercent!);

    // … and one by another connection to the same file.
    const other = new BetterSqlite3(database.file);
    try {
      const otherDb = drizzleOver(other);
      for (const id of inScope) await setExcludedFromStats(otherDb, id, false);
    } finally {
      other.close();
    }
    expect(await service.statistics(supervisor, '30d')).toEqual(before);
  });
});

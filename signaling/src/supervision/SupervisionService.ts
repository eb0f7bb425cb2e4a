/**
 * The supervisor's view: live queues and sessions per jurisdiction and service point, and for today,
 * 7 and 30 days the sessions, median wait, median handling time and satisfaction rate, by service
 * point, matter and clerk; also as CSV.
 */
import { stringify } from 'csv-stringify/sync';
import { databaseChangeMark, liveSessions, sessionCountsSince, type Database } from '@vwindow/db';
import type { CatalogService } from '../catalog/CatalogService';
import { beijingDate } from '../cases/workingDays';
import { refusal } from '../sessions/access';
import { statisticsPeriodNames, t, type ActiveSession, type JurisdictionLevel, type LiveOverview, type ServicePointSummary, type SessionCounts, type SignedInStaff, type Statistics, type StatisticsPeriod, type StatisticsRow } from '../protocol';
import { statisticsFromDays } from './statisticsDays';
import { UnchangedResults } from './UnchangedResults';

/** The supervisor's console for today. */
export interface SupervisorDay {
  jurisdictionName: string;
  /** When today began in Beijing. */
  today: Date;
  rows: ({ code: string; name: string; level: JurisdictionLevel; depth: number } & SessionCounts)[];
  activeSessions: ActiveSession[];
  servicePoints: (ServicePointSummary & { jurisdictionName: string })[];
}

export class SupervisionService {
  readonly #database: Database;
  readonly #catalog: CatalogService;
  readonly #now: () => Date;
  readonly #results = new UnchangedResults<Statistics>();

  constructor(options: { database: Database; catalog: CatalogService; now?: () => Date }) {
    this.#database = options.database;
    this.#catalog = options.catalog;
    this.#now = options.now ?? (() => new Date());
  }

  async #codes(staff: SignedInStaff): Promise<string[]> {
    if (staff.role !== 'supervisor') throw await refusal(this.#database.db, staff, 'supervision.read_refused', { type: 'supervision', id: staff.jurisdictionCode });
    return await this.#catalog.coveredCodes(staff);
  }

  /** Today at a glance: sessions per jurisdiction under the supervisor's, those in progress, the service points. */
  async today(staff: SignedInStaff): Promise<SupervisorDay> {
    await this.#codes(staff);
    const places = await this.#catalog.jurisdictions();
    const subtree = places.subtree(staff.jurisdictionCode);
    const codes = subtree.map((node) => node.code);
    const today = this.#since('today');
    const counts = new Map<string, SessionCounts>(codes.map((code) => [code, { waiting: 0, active: 0, total: 0 }]));
    for (const row of await sessionCountsSince(this.#database.db, codes, today)) {
      const entry = counts.get(row.code);
      if (!entry) continue;
      entry.total += row.sessions;
      if (row.status === 'waiting') entry.waiting += row.sessions;
      if (row.status === 'active') entry.active += row.sessions;
    }
    const active = (await liveSessions(this.#database.db, codes))
      .filter((session) => session.status === 'active')
      .sort((a, b) => (a.acceptedAt?.getTime() ?? 0) - (b.acceptedAt?.getTime() ?? 0) || a.id.localeCompare(b.id));
    return {
      jurisdictionName: places.fullName(staff.jurisdictionCode),
      today,
      rows: subtree.map((node) => ({
        code: node.code,
        name: node.name,
        level: node.level,
        depth: node.depth - (subtree[0]?.depth ?? 0),
        ...(counts.get(node.code) ?? { waiting: 0, active: 0, total: 0 }),
      })),
      activeSessions: active.map(({ id, matterName, homeJurisdictionName, localServicePointName, homeServicePointName, acceptedAt }) => ({
        id,
        matterName,
        homeJurisdictionName,
        localServicePointName,
        homeServicePointName,
        acceptedAt,
      })),
      servicePoints: (await this.#catalog.servicePoints(codes)).map((point) => ({ ...point, jurisdictionName: places.fullName(point.jurisdictionCode) })),
    };
  }

  async live(staff: SignedInStaff): Promise<LiveOverview> {
    const rows = await liveSessions(this.#database.db, await this.#codes(staff));
    const count = <K extends string>(key: (r: (typeof rows)[number]) => K, name: (r: (typeof rows)[number]) => string) => {
      const map = new Map<K, { name: string; waiting: number; active: number }>();
      for (const r of rows) {
        const entry = map.get(key(r)) ?? { name: name(r), waiting: 0, active: 0 };
        if (r.status === 'waiting') entry.waiting++;
        else entry.active++;
        map.set(key(r), entry);
      }
      return map;
    };
    return {
      byJurisdiction: [...count((r) => r.homeJurisdictionCode, (r) => r.homeJurisdictionName)].map(([code, v]) => ({ code, ...v })),
      byServicePoint: [...count((r) => String(r.localServicePointId), (r) => r.localServicePointName).values()],
      active: rows
        .filter((r) => r.status === 'active')
        .map((r) => ({ id: r.id, matterName: r.matterName, localServicePoint: r.localServicePointName, homeClerk: r.homeClerkName, acceptedAt: r.acceptedAt?.toISOString() ?? null })),
    };
  }

  /**
   * The figures of a period, summed from the figures of its days (statisticsDays.ts: past days computed
   * once and again only after a change, today's from its sessions), read in chunks with turns of the
   * event loop between them, so a long period does not hold up other requests; asked again while
   * nothing in the database has changed, the figures computed before are the answer.
   */
  async statistics(staff: SignedInStaff, period: StatisticsPeriod): Promise<Statistics> {
    const codes = await this.#codes(staff);
    const since = this.#since(period);
    const today = this.#since('today');
    const db = this.#database.db;
    const key = `${period}|${since.getTime()}|${codes.join(',')}`;
    return this.#results.get(key, await databaseChangeMark(db), async () => await statisticsFromDays(db, codes, period, since, today));
  }

  /** The statistics as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese right). */
  async csv(staff: SignedInStaff, period: StatisticsPeriod): Promise<string> {
    const stats = await this.statistics(staff, period);
    const sections: [string, StatisticsRow[]][] = [
      [t('server.statistics.total'), [stats.total]],
      [t('server.statistics.byServicePoint'), stats.byServicePoint],
      [t('server.statistics.byMatter'), stats.byMatter],
      [t('server.statistics.byClerk'), stats.byClerk],
    ];
    const records = sections.flatMap(([section, rows]) =>
      rows.map((r) => [statisticsPeriodNames[period], section, r.label, r.sessions, r.medianWaitSeconds ?? '', r.medianHandlingSeconds ?? '', r.ratings, r.satisfactionPercent ?? '', r.cases, r.supplementPercent ?? '']),
    );
    return `\uFEFF${stringify(records, { header: true, columns: (['period', 'dimension', 'name', 'sessions', 'medianWait', 'medianHandling', 'ratings', 'satisfaction', 'cases', 'supplementRate'] as const).map((c) => t(`server.statistics.columns.${c}`)) })}`;
  }

  #since(period: StatisticsPeriod): Date {
    const midnight = new Date(`${beijingDate(this.#now())}T00:00:00+08:00`);
    const days = period === 'today' ? 0 : period === '7d' ? 6 : 29;
    return new Date(midnight.getTime() - days * 86_400_000);
  }
}

/**
 * The supervisor's figures from the sessions of a period: read in chunks that leave the event loop
 * free between them, then grouped by service point, matter and clerk (one pass per dimension). The
 * service answers from days (statisticsDays.ts); this is the plain computation they must equal, and
 * the reader of the sessions of one day or of today.
 */
import { statisticsFactsChunk, type Db, type StatisticsFact } from '@vwindow/db';
import { t, type Statistics, type StatisticsPeriod, type StatisticsRow } from '../protocol';
import { median, percentOf, satisfaction } from './satisfaction';

/** Rows per read: small enough that one read and its mapping stay well under a few milliseconds. */
export const STATISTICS_CHUNK_ROWS = 250;

/** Lets other requests, timers and media signaling run before the next step. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The sessions of `codes` created since `since` (and before `until`, if given), read a chunk at a time
 * with a turn of the event loop between chunks; per code in the order of `codes`, then by (created at, id).
 */
export async function readStatisticsFacts(db: Db, codes: readonly string[], since: Date, chunkRows = STATISTICS_CHUNK_ROWS, until?: Date): Promise<StatisticsFact[]> {
  const facts: StatisticsFact[] = [];
  let sinceYield = 0;
  for (const code of codes) {
    let after: [number, string] | null = null;
    for (;;) {
      const rows = await statisticsFactsChunk(db, code, since, after, chunkRows, until);
      for (const row of rows) facts.push(row);
      sinceYield += rows.length;
      if (sinceYield >= chunkRows) {
        sinceYield = 0;
        await yieldToLoop();
      }
      const last = rows.at(-1);
      if (rows.length < chunkRows || !last) break;
      after = [last.createdAt.getTime(), last.id];
    }
  }
  return facts;
}

/** The figures of `facts` (cancelled sessions left out), a turn of the event loop between dimensions. */
export async function statisticsOf(allFacts: readonly StatisticsFact[], period: StatisticsPeriod, since: Date): Promise<Statistics> {
  const facts = allFacts.filter((f) => f.status !== 'cancelled');
  const total = figuresRow('total', t('server.statistics.total'), facts);
  await yieldToLoop();
  const byServicePoint = groupRows(facts, (f) => String(f.localServicePointId), (f) => f.localServicePointName);
  await yieldToLoop();
  const byMatter = groupRows(facts, (f) => String(f.matterId), (f) => f.matterName);
  await yieldToLoop();
  const byClerk = groupRows(facts, (f) => (f.homeClerkId === null ? null : String(f.homeClerkId)), (f) => f.homeClerkName ?? '');
  return { period, since: since.toISOString(), total, byServicePoint, byMatter, byClerk };
}

/** One row per key, most sessions first. Each fact is appended to its group's list (no copies). */
export function groupRows(facts: readonly StatisticsFact[], key: (f: StatisticsFact) => string | null, label: (f: StatisticsFact) => string): StatisticsRow[] {
  const groups = new Map<string, StatisticsFact[]>();
  for (const fact of facts) {
    const k = key(fact);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(fact);
    else groups.set(k, [fact]);
  }
  return [...groups].map(([k, list]) => figuresRow(k, label(list[0]!), list)).sort((a, b) => b.sessions - a.sessions);
}

export function figuresRow(key: string, label: string, facts: readonly StatisticsFact[]): StatisticsRow {
  const waits: number[] = [];
  const handling: number[] = [];
  const rated: { level: number; excludedFromStats: boolean }[] = [];
  for (const f of facts) {
    if (f.acceptedAt) {
      waits.push((f.acceptedAt.getTime() - f.createdAt.getTime()) / 1000);
      if (f.endedAt) handling.push((f.endedAt.getTime() - f.acceptedAt.getTime()) / 1000);
    }
    if (f.ratingLevel !== null) rated.push({ level: f.ratingLevel, excludedFromStats: f.ratingExcluded ?? false });
  }
  const s = satisfaction(rated);
  const round = (v: number | null) => (v === null ? null : Math.round(v));
  let cases = 0;
  let supplemented = 0;
  for (const f of facts) {
    if (f.caseId === null) continue;
    cases++;
    if (f.supplemented) supplemented++;
  }
  return {
    key,
    label,
    sessions: facts.length,
    medianWaitSeconds: round(median(waits)),
    medianHandlingSeconds: round(median(handling)),
    ratings: s.counted,
    satisfactionPercent: s.ratePercent,
    cases,
    supplementPercent: percentOf(supplemented, cases),
  };
}

/**
 * The supervisor's figures summed from days (issue 17), so that a period costs a read of its days'
 * groups rather than of every session in it. For each home jurisdiction and Beijing day, one row per
 * group (the whole day, each local service point, matter and home clerk) holds the session count, every
 * waiting and handling time in milliseconds (so medians over many days are the exact medians), the
 * counted and satisfied ratings, the cases and the supplemented ones, and where the group first appears
 * among the day's sessions (which orders groups of equal size as the plain computation does).
 *
 * Kept right by one rule: every write that changes a session's facts moves its day's version in the
 * same transaction (db/src/queries/statisticsDays.ts); before a period is read, each of its past days
 * whose figures were computed at an older version, or never (a database from before, or rows written
 * straight into it), is computed again from its sessions, day by day with turns of the event loop
 * between. Today (and anything created later) is read from the sessions themselves. The answer equals
 * statisticsOf(readStatisticsFacts(…)) exactly (statisticsDays.test.ts).
 */
import {
  openStatisticsDays,
  statisticsDayMarksOf,
  statisticsDayRowsChunk,
  statisticsGroupNames,
  writeStatisticsDay,
  type Db,
  type StatisticsDayCursor,
  type StatisticsDayGroup,
  type StatisticsFact,
} from '@vwindow/db';
import { beijingDate, beijingDayStart } from '../cases/workingDays';
import { SATISFIED_FROM, statisticsDimensions, t, type StatisticsDimension, type Statistics, type StatisticsPeriod, type StatisticsRow } from '../protocol';
import { medianOfSorted, middleOfSortedLists, percentOf } from './satisfaction';
import { readStatisticsFacts, STATISTICS_CHUNK_ROWS, yieldToLoop } from './statisticsFigures';

const DAY_MS = 86_400_000;
/** Jurisdictions whose day marks are read at once. */
const CODES_PER_READ = 50;
const TOTAL_KEY = 'total';

/** The key of a fact's group in a dimension; null: not in any (a session no clerk took). */
function groupKeyOf(dimension: StatisticsDimension, fact: StatisticsFact): string | null {
  switch (dimension) {
    case 'total':
      return TOTAL_KEY;
    case 'servicePoint':
      return String(fact.localServicePointId);
    case 'matter':
      return String(fact.matterId);
    case 'clerk':
      return fact.homeClerkId === null ? null : String(fact.homeClerkId);
  }
}

/**
 * The groups of a run of facts (one day's, or today's), in the facts' order (created at, id):
 * cancelled sessions left out, as the plain computation leaves them out.
 */
export function groupsOfFacts(facts: readonly StatisticsFact[]): StatisticsDayGroup[] {
  const groups = new Map<string, StatisticsDayGroup>();
  let position = 0;
  for (const fact of facts) {
    if (fact.status === 'cancelled') continue;
    for (const dimension of statisticsDimensions) {
      const groupKey = groupKeyOf(dimension, fact);
      if (groupKey === null) continue;
      const id = `${dimension}|${groupKey}`;
      let group = groups.get(id);
      if (!group) {
        group = { dimension, groupKey, firstSeen: position, sessions: 0, waitsMs: [], handlingMs: [], ratings: 0, satisfied: 0, cases: 0, supplemented: 0 };
        groups.set(id, group);
      }
      group.sessions++;
      if (fact.acceptedAt) {
        group.waitsMs.push(fact.acceptedAt.getTime() - fact.createdAt.getTime());
        if (fact.endedAt) group.handlingMs.push(fact.endedAt.getTime() - fact.acceptedAt.getTime());
      }
      if (fact.ratingLevel !== null && !(fact.ratingExcluded ?? false)) {
        group.ratings++;
        if (fact.ratingLevel >= SATISFIED_FROM) group.satisfied++;
      }
      if (fact.caseId !== null) {
        group.cases++;
        if (fact.supplemented) group.supplemented++;
      }
    }
    position++;
  }
  const ascending = (a: number, b: number) => a - b;
  for (const group of groups.values()) {
    group.waitsMs.sort(ascending);
    group.handlingMs.sort(ascending);
  }
  return [...groups.values()];
}

/** The days from `fromDay` up to (not including) `untilDay`, YYYY-MM-DD. */
export function daysBetween(fromDay: string, untilDay: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${fromDay}T00:00:00Z`), end = Date.parse(`${untilDay}T00:00:00Z`); at < end; at += DAY_MS) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

/**
 * Computes again, from their sessions, the days of `codes` from `fromDay` up to (not including)
 * `untilDay` whose figures are older than their facts or were never computed; one day at a time, a
 * turn of the event loop after each. Safe to run on several nodes at once. Returns the days computed.
 */
export async function refreshStatisticsDays(db: Db, codes: readonly string[], fromDay: string, untilDay: string): Promise<number> {
  const days = daysBetween(fromDay, untilDay);
  if (days.length === 0) return 0;
  let computed = 0;
  for (let i = 0; i < codes.length; i += CODES_PER_READ) {
    const chunk = codes.slice(i, i + CODES_PER_READ);
    const marks = new Map((await statisticsDayMarksOf(db, chunk, fromDay, untilDay)).map((mark) => [`${mark.jurisdictionCode}|${mark.day}`, mark]));
    const unseen: { jurisdictionCode: string; day: string }[] = [];
    const stale: { jurisdictionCode: string; day: string; version: number }[] = [];
    for (const jurisdictionCode of chunk) {
      for (const day of days) {
        const mark = marks.get(`${jurisdictionCode}|${day}`);
        if (!mark) unseen.push({ jurisdictionCode, day });
        // The version is read before the facts: a change committed after this read moves it past what is stored.
        if (!mark || mark.computedVersion !== mark.version) stale.push({ jurisdictionCode, day, version: mark?.version ?? 0 });
      }
    }
    await openStatisticsDays(db, unseen);
    for (const { jurisdictionCode, day, version } of stale) {
      const start = beijingDayStart(day);
      const facts = await readStatisticsFacts(db, [jurisdictionCode], start, STATISTICS_CHUNK_ROWS, new Date(start.getTime() + DAY_MS));
      if (await writeStatisticsDay(db, jurisdictionCode, day, version, groupsOfFacts(facts))) computed++;
      await yieldToLoop();
    }
  }
  return computed;
}

/** A group's figures summed over days: the lists of times are kept apart until the median is taken. */
interface GroupSum {
  sessions: number;
  waits: number[][];
  handling: number[][];
  ratings: number;
  satisfied: number;
  cases: number;
  supplemented: number;
}

function add(sums: Map<string, GroupSum>, group: Omit<StatisticsDayGroup, 'dimension' | 'firstSeen'>): void {
  const sum = sums.get(group.groupKey);
  if (!sum) {
    sums.set(group.groupKey, { sessions: group.sessions, waits: [group.waitsMs], handling: [group.handlingMs], ratings: group.ratings, satisfied: group.satisfied, cases: group.cases, supplemented: group.supplemented });
    return;
  }
  sum.sessions += group.sessions;
  sum.waits.push(group.waitsMs);
  sum.handling.push(group.handlingMs);
  sum.ratings += group.ratings;
  sum.satisfied += group.satisfied;
  sum.cases += group.cases;
  sum.supplemented += group.supplemented;
}

/**
 * The median in whole seconds of milliseconds from several ascending lists, as figuresRow takes it
 * from seconds (ms / 1000, then the mean of the middle two).
 */
function medianSeconds(lists: readonly number[][]): number | null {
  const middle = middleOfSortedLists(lists);
  const value = middle === null ? null : medianOfSorted(middle.map((ms) => ms / 1000));
  return value === null ? null : Math.round(value);
}

function rowOf(key: string, label: string, sum: GroupSum | undefined): StatisticsRow {
  const s = sum ?? { sessions: 0, waits: [], handling: [], ratings: 0, satisfied: 0, cases: 0, supplemented: 0 };
  return {
    key,
    label,
    sessions: s.sessions,
    medianWaitSeconds: medianSeconds(s.waits),
    medianHandlingSeconds: medianSeconds(s.handling),
    ratings: s.ratings,
    satisfactionPercent: percentOf(s.satisfied, s.ratings),
    cases: s.cases,
    supplementPercent: percentOf(s.supplemented, s.cases),
  };
}

/** One jurisdiction's stored groups from `fromDay` up to (not including) `untilDay`, read in chunks with turns of the event loop between. */
async function readDayGroups(db: Db, jurisdictionCode: string, fromDay: string, untilDay: string): Promise<{ day: string; group: StatisticsDayGroup }[]> {
  const read: { day: string; group: StatisticsDayGroup }[] = [];
  let after: StatisticsDayCursor | null = null;
  for (;;) {
    const rows = await statisticsDayRowsChunk(db, jurisdictionCode, fromDay, untilDay, after, STATISTICS_CHUNK_ROWS);
    for (const { jurisdictionCode: _code, day, ...group } of rows) read.push({ day, group });
    const last = rows.at(-1);
    if (rows.length < STATISTICS_CHUNK_ROWS || !last) return read;
    after = [last.day, last.dimension, last.groupKey];
    await yieldToLoop();
  }
}

/**
 * The figures of the sessions of `codes` created since `since` (a Beijing midnight): the past days'
 * from their stored groups (computed first where stale), today's and any later from the sessions.
 * Groups come out in the order the plain computation meets them: by code, then day, then first session.
 */
export async function statisticsFromDays(db: Db, codes: readonly string[], period: StatisticsPeriod, since: Date, todayStart: Date): Promise<Statistics> {
  const fromDay = beijingDate(since);
  const today = beijingDate(todayStart);
  await refreshStatisticsDays(db, codes, fromDay, today);
  const sums = new Map<StatisticsDimension, Map<string, GroupSum>>(statisticsDimensions.map((dimension) => [dimension, new Map()]));
  const tailSince = since > todayStart ? since : todayStart;
  for (const code of codes) {
    const stored = await readDayGroups(db, code, fromDay, today);
    stored.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.group.firstSeen - b.group.firstSeen));
    for (const { group } of stored) add(sums.get(group.dimension)!, group);
    const tail = groupsOfFacts(await readStatisticsFacts(db, [code], tailSince));
    for (const group of tail) add(sums.get(group.dimension)!, group);
  }
  const ids = (dimension: StatisticsDimension) => [...sums.get(dimension)!.keys()].map(Number);
  const names = await statisticsGroupNames(db, { servicePoints: ids('servicePoint'), matters: ids('matter'), clerks: ids('clerk') });
  const rows = (dimension: StatisticsDimension, labels: Map<number, string>) =>
    [...sums.get(dimension)!].map(([key, sum]) => rowOf(key, labels.get(Number(key)) ?? '', sum)).sort((a, b) => b.sessions - a.sessions);
  const total = rowOf(TOTAL_KEY, t('server.statistics.total'), sums.get('total')!.get(TOTAL_KEY));
  await yieldToLoop();
  const byServicePoint = rows('servicePoint', names.servicePoints);
  const byMatter = rows('matter', names.matters);
  const byClerk = rows('clerk', names.clerks);
  return { period, since: since.toISOString(), total, byServicePoint, byMatter, byClerk };
}

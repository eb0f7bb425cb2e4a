/** The arithmetic of the supervisor's figures: satisfaction rate and medians. */
import { SATISFIED_FROM } from '../protocol';

export interface CountedRating {
  level: number;
  /** Upheld appeal: on record, but not counted. */
  excludedFromStats: boolean;
}

export interface Satisfaction {
  /** Ratings that count (not taken out by an upheld appeal). */
  counted: number;
  /** Of those, 基本满意 or better. */
  satisfied: number;
  /** satisfied / counted as a percentage with one decimal, or null when nothing counts. */
  ratePercent: number | null;
  /** Counts per level 5..1 (counted ratings only). */
  byLevel: Record<1 | 2 | 3 | 4 | 5, number>;
}

export function satisfaction(ratings: readonly CountedRating[]): Satisfaction {
  const byLevel = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let counted = 0;
  let satisfied = 0;
  for (const rating of ratings) {
    if (rating.excludedFromStats) continue;
    counted++;
    byLevel[rating.level as 1 | 2 | 3 | 4 | 5]++;
    if (rating.level >= SATISFIED_FROM) satisfied++;
  }
  return { counted, satisfied, ratePercent: percentOf(satisfied, counted), byLevel };
}

/**
 * `part` of `whole` in %, one decimal, rounded half up on the permille (so that 99.95% shows as 100.0%
 * only when it really is); null when there is nothing to count.
 */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.floor((part * 1000) / whole + 0.5) / 10;
}

/** The median of `values` (the mean of the middle two for an even count), or null for none. */
export function median(values: readonly number[]): number | null {
  return medianOfSorted([...values].sort((a, b) => a - b));
}

/** The median of values already in ascending order, as median() computes it. */
export function medianOfSorted(sorted: ArrayLike<number>): number | null {
  if (sorted.length === 0) return null;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** How many values of an ascending `list` are at most `value`. */
function countUpTo(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (list[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The `k`-th smallest (from 0) whole number of several ascending lists together, by halving the range of values. */
function kthOfSortedLists(lists: readonly (readonly number[])[], k: number): number {
  let low = Infinity;
  let high = -Infinity;
  for (const list of lists) {
    if (list.length === 0) continue;
    low = Math.min(low, list[0]!);
    high = Math.max(high, list[list.length - 1]!);
  }
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    let atMost = 0;
    for (const list of lists) atMost += countUpTo(list, middle);
    if (atMost > k) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * The middle value of several ascending lists of whole numbers taken together (the two middle ones for
 * an even count), found without merging or sorting them: about 30 binary searches in each list. For
 * the day figures' waiting and handling times (whole milliseconds, each day's list kept sorted), whose
 * median over a month would otherwise sort every time of the month on each request.
 */
export function middleOfSortedLists(lists: readonly (readonly number[])[]): [number] | [number, number] | null {
  let count = 0;
  for (const list of lists) count += list.length;
  if (count === 0) return null;
  const middle = count >> 1;
  return count % 2 === 1 ? [kthOfSortedLists(lists, middle)] : [kthOfSortedLists(lists, middle - 1), kthOfSortedLists(lists, middle)];
}

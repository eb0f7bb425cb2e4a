import { describe, expect, it } from 'vitest';
import { median, medianOfSorted, middleOfSortedLists, satisfaction } from './satisfaction';
import { seededRandom } from '@vwindow/db/testing/seededRandom';

const r = (level: number, excludedFromStats = false) => ({ level, excludedFromStats });

describe('satisfaction', () => {
  it('counts 基本满意 and better as satisfied', () => {
    expect(satisfaction([r(5), r(4), r(3), r(2)])).toEqual({
      counted: 4,
      satisfied: 3,
      ratePercent: 75,
      byLevel: { 1: 0, 2: 1, 3: 1, 4: 1, 5: 1 },
    });
  });

  it('rounds to one decimal', () => {
    const ratings = [...Array.from({ length: 998 }, () => r(5)), r(1), r(2), r(1)];
    expect(satisfaction(ratings).ratePercent).toBe(99.7);
    expect(satisfaction([r(5), r(5), r(1)]).ratePercent).toBe(66.7);
  });

  it('takes an upheld appeal out of the figures but not out of the record', () => {
    const ratings = [r(5), r(5), r(1, true)];
    expect(satisfaction(ratings)).toMatchObject({ counted: 2, satisfied: 2, ratePercent: 100 });
    expect(ratings).toHaveLength(3);
  });

  it('has no rate when nothing counts', () => {
    expect(satisfaction([]).ratePercent).toBeNull();
    expect(satisfaction([r(1, true)]).ratePercent).toBeNull();
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('middleOfSortedLists', () => {
  it('finds the middle of sorted lists taken together, as the median of them all merged', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 200; round++) {
      const lists = Array.from({ length: 1 + Math.floor(random() * 8) }, () =>
        Array.from({ length: Math.floor(random() * 12) }, () => Math.floor(random() * (round % 2 === 0 ? 20 : 5_000_000)) - 3).sort((a, b) => a - b),
      );
      const all = lists.flat();
      const middle = middleOfSortedLists(lists);
      expect(middle === null ? null : medianOfSorted(middle)).toBe(median(all));
    }
  });

  it('has no middle for no values', () => {
    expect(middleOfSortedLists([])).toBeNull();
    expect(middleOfSortedLists([[], []])).toBeNull();
    expect(middleOfSortedLists([[], [4]])).toEqual([4]);
    expect(middleOfSortedLists([[1, 9], [2]])).toEqual([2]);
    expect(middleOfSortedLists([[1, 9], [2, 2]])).toEqual([2, 2]);
  });
});

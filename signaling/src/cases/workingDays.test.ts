import { describe, expect, it } from 'vitest';
import { addWorkingDays, beijingDate, isWorkingDay, workingDaysBetween, type CalendarOverrides } from './workingDays';

const none = new Map<string, 'holiday' | 'workday'>();

describe('working days', () => {
  it('skips weekends', () => {
    // 2026-11-20 is a Friday.
    expect(addWorkingDays('2026-11-20', 1, none)).toBe('2026-11-23');
    expect(addWorkingDays('2026-11-20', 5, none)).toBe('2026-11-27');
    expect(addWorkingDays('2026-11-21', 1, none)).toBe('2026-11-23');
    expect(addWorkingDays('2026-11-23', 0, none)).toBe('2026-11-23');
    expect(addWorkingDays('2026-11-23', 10, none)).toBe('2026-12-07');
  });

  it('skips configured holidays and counts configured weekend workdays', () => {
    const calendar = new Map<string, 'holiday' | 'workday'>([
      ['2026-12-31', 'holiday'],
      ['2027-01-01', 'holiday'],
      ['2027-01-02', 'workday'],
    ]);
    // From Wednesday 2026-12-30: Thu 31 and Fri 1 are holidays, Sat 2 is worked, then Mon 4.
    expect(addWorkingDays('2026-12-30', 1, calendar)).toBe('2027-01-02');
    expect(addWorkingDays('2026-12-30', 2, calendar)).toBe('2027-01-04');
    expect(isWorkingDay('2027-01-02', calendar)).toBe(true);
    expect(isWorkingDay('2027-01-01', calendar)).toBe(false);
  });

  it('counts working days between two dates, negative when overdue', () => {
    expect(workingDaysBetween('2026-11-20', '2026-11-27', none)).toBe(5);
    expect(workingDaysBetween('2026-11-27', '2026-11-20', none)).toBe(-5);
    expect(workingDaysBetween('2026-11-23', '2026-11-23', none)).toBe(0);
  });

  it('takes the date in Beijing', () => {
    expect(beijingDate(new Date('2026-11-22T16:30:00Z'))).toBe('2026-11-23');
    expect(beijingDate(new Date('2026-11-22T15:59:00Z'))).toBe('2026-11-22');
  });

  it('refuses negative or fractional day counts', () => {
    expect(() => addWorkingDays('2026-11-23', -1, none)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-23', 1.5, none)).toThrow(RangeError);
  });

  it('counts working days between two dates as walking day by day would, across years and overrides', () => {
    const overrides: CalendarOverrides = new Map([
      ['2026-10-01', 'holiday'],
      ['2026-10-02', 'holiday'],
      ['2026-10-10', 'workday'],
      ['2026-09-27', 'workday'],
      ['2026-10-04', 'holiday'],
      ['2027-01-01', 'holiday'],
    ]);
    const walked = (from: string, to: string) => {
      const step = to > from ? 1 : -1;
      let count = 0;
      for (let t = Date.parse(`${from}T00:00:00Z`); new Date(t).toISOString().slice(0, 10) !== to; ) {
        t += step * 86_400_000;
        if (isWorkingDay(new Date(t).toISOString().slice(0, 10), overrides)) count += step;
      }
      return count;
    };
    const day = (offset: number) => new Date(Date.parse('2026-09-20T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);
    for (let a = 0; a < 120; a += 3) {
      for (const b of [0, 1, 2, 5, 6, 7, 13, 30, 45, 200, 400]) {
        expect(workingDaysBetween(day(a), day(a + b), overrides)).toBe(walked(day(a), day(a + b)));
        expect(workingDaysBetween(day(a + b), day(a), overrides)).toBe(walked(day(a + b), day(a)));
      }
    }
  });
});

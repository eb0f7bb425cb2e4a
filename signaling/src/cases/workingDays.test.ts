import { describe, expect, it } from 'vitest';
import { addWorkingDays, beijingDate, isWorkingDay, workingDaysBetween } from './workingDays';

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
});

/**
 * Working days (工作日) in China Standard Time: Monday to Friday, except configured public holidays,
 * plus weekend days configured as worked in exchange (调休). Dates are 'YYYY-MM-DD' strings.
 */

export type CalendarOverrides = ReadonlyMap<string, 'holiday' | 'workday'>;

const DAY_MS = 86_400_000;

/** The calendar date in Beijing of an instant. */
export function beijingDate(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, overrides: CalendarOverrides): boolean {
  const override = overrides.get(date);
  if (override) return override === 'workday';
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The date `days` working days after `start` (the start day itself does not count, as a time limit
 * runs from the day after acceptance).
 */
export function addWorkingDays(start: string, days: number, overrides: CalendarOverrides): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0, got ${days}`);
  let date = start;
  let left = days;
  while (left > 0) {
    date = addDays(date, 1);
    if (isWorkingDay(date, overrides)) left--;
  }
  return date;
}

/** Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is before `from`. */
export function workingDaysBetween(from: string, to: string, overrides: CalendarOverrides): number {
  if (to === from) return 0;
  const step = to > from ? 1 : -1;
  let count = 0;
  for (let date = from; date !== to; ) {
    date = addDays(date, step);
    if (isWorkingDay(date, overrides)) count += step;
  }
  return count;
}

/** The instant a Beijing calendar day ('YYYY-MM-DD') begins. */
export function beijingDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`));
}

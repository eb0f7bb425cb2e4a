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

const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/** Mondays to Fridays among the days numbered below `day` since a Monday long ago (1970-01-05 is day 4, a Monday). */
function weekdaysBefore(day: number): number {
  const sinceMonday = day - 4;
  const weeks = Math.floor(sinceMonday / 7);
  return weeks * 5 + Math.min(sinceMonday - weeks * 7, 5);
}

/** Working days among the days `first` … `last` (inclusive): weekdays counted by arithmetic, then the overrides in range. */
function workingDaysIn(first: string, last: string, overrides: CalendarOverrides): number {
  let count = weekdaysBefore(dayNumber(last) + 1) - weekdaysBefore(dayNumber(first));
  for (const [date, kind] of overrides) {
    if (date < first || date > last) continue;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    if (kind === 'holiday' && !weekend) count--;
    if (kind === 'workday' && weekend) count++;
  }
  return count;
}

/**
 * Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is before `from` (then
 * minus the working days from `to` to the day before `from`). Constant in the distance: a case list of
 * long-overdue cases costs no more than one of fresh ones.
 */
export function workingDaysBetween(from: string, to: string, overrides: CalendarOverrides): number {
  if (to === from) return 0;
  return to > from ? workingDaysIn(addDays(from, 1), to, overrides) : 0 - workingDaysIn(to, addDays(from, -1), overrides);
}

/** The instant a Beijing calendar day ('YYYY-MM-DD') begins. */
export function beijingDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`));
}

/**
 * Dates as the halls read them: Beijing time, whatever the server's or the browser's time zone, so
 * that the server-rendered page and the hydrated one agree.
 */
const TIME_ZONE = 'Asia/Shanghai';

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

const dateOnly = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

/** '2026/03/07 09:05' */
export function formatDateTime(value: Date): string {
  return dateTime.format(value);
}

/** '2026年3月7日' */
export function formatDate(value: Date): string {
  return dateOnly.format(value);
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Midnight of `now`'s day in Beijing time (China has no daylight saving time). */
export function startOfBeijingDay(now: Date): Date {
  const shifted = now.getTime() + BEIJING_OFFSET_MS;
  return new Date(shifted - (shifted % DAY_MS) - BEIJING_OFFSET_MS);
}

/** formatDateTime of an ISO 8601 string, as the session views carry them. */
export function formatIsoDateTime(iso: string): string {
  return formatDateTime(new Date(iso));
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A waiting time: '04:09', and '1:04:09' from an hour on; never negative (clocks differ a little). */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad2(minutes)}:${pad2(seconds)}` : `${pad2(minutes)}:${pad2(seconds)}`;
}

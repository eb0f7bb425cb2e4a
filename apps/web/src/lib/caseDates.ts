/** Calendar dates of cases ('YYYY-MM-DD', Beijing) as the halls read them. */
import { formatDate } from './format';

/** '2026-03-07' → '2026年3月7日'; the date is a Beijing calendar day, whatever the time zone. */
export function formatCaseDate(date: string): string {
  return formatDate(new Date(`${date}T12:00:00+08:00`));
}

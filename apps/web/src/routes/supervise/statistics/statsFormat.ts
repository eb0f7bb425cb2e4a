/** How the statistics read: durations as 04:09, rates as 99.5%, a dash for no data. */
import { t } from '$lib/i18n';
import { formatElapsed } from '$lib/format';

export function seconds(value: number | null): string {
  return value === null ? t('common.none') : formatElapsed(value * 1000);
}

export function percent(value: number | null): string {
  return value === null ? t('common.none') : t('supervision.statistics.percent', { value: Number(value.toFixed(1)) });
}

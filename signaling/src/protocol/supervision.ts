/** The supervisor's figures, as the page and the CSV export get them. */
import { z } from 'zod';
import { t } from './i18n';

export const statisticsPeriods = ['today', '7d', '30d'] as const;
export type StatisticsPeriod = (typeof statisticsPeriods)[number];
export const statisticsQuery = z.strictObject({ period: z.enum(statisticsPeriods).default('today') });
export const statisticsPeriodNames = Object.fromEntries(statisticsPeriods.map((p) => [p, t(`names.statisticsPeriod.${p}`)])) as Record<StatisticsPeriod, string>;

export interface StatisticsRow {
  key: string;
  label: string;
  sessions: number;
  medianWaitSeconds: number | null;
  medianHandlingSeconds: number | null;
  ratings: number;
  satisfactionPercent: number | null;
  /** Cases received from these sessions. */
  cases: number;
  /** 补正率: the share of those cases for which a supplement was asked (一次性告知书 issued), in %. */
  supplementPercent: number | null;
}

export interface Statistics {
  period: StatisticsPeriod;
  since: string;
  total: StatisticsRow;
  byServicePoint: StatisticsRow[];
  byMatter: StatisticsRow[];
  byClerk: StatisticsRow[];
}

export interface LiveOverview {
  byJurisdiction: { code: string; name: string; waiting: number; active: number }[];
  byServicePoint: { name: string; waiting: number; active: number }[];
  active: { id: string; matterName: string; localServicePoint: string; homeClerk: string | null; acceptedAt: string | null }[];
}

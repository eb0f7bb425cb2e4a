/**
 * 统计分析: the live queues and sessions, and for today, 7 or 30 days the sessions, median wait and
 * handling time and satisfaction rate, in total and by service point, matter and clerk.
 */
import { statisticsPeriodNames, statisticsPeriods, statisticsQuery } from '$shared/supervision';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals, url }) => {
  const { staff } = await parent();
  // An unknown ?period= shows today rather than an error page.
  const query = statisticsQuery.safeParse({ period: url.searchParams.get('period') ?? undefined });
  const period = query.success ? query.data.period : 'today';
  const { supervision } = locals.context;
  return {
    period,
    periods: statisticsPeriods.map((key) => ({ key, name: statisticsPeriodNames[key] })),
    statistics: await supervision.statistics(staff, period),
    live: await supervision.live(staff),
    liveAt: new Date().toISOString(),
  };
};

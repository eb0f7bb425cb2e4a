/**
 * Demo service points (服务点/专窗). 'local' windows start sessions (收件窗口), 'home' windows take
 * them (属地窗口), 'both' do either. Every jurisdiction that is home to a demo matter has a window
 * that can take sessions; every demo clerk works at one of these.
 *
 * Names follow the halls' usual naming; addresses are illustrative, down to the hall only.
 * A service point is referred to by its name elsewhere in the seed, so names are unique.
 */
import type { ServicePointSide } from '@vwindow/signaling/protocol/values';
import { JIANGSU, LIANSHUI, PINGHU, PUDONG, HUAIBEI, TAIZHOU } from './jurisdictions';

export interface SeedServicePoint {
  jurisdictionCode: string;
  name: string;
  address: string;
  side: ServicePointSide;
}

export const LIANSHUI_LOCAL_POINT = '涟水县政务服务中心跨省通办专窗';
export const LIANSHUI_HOME_POINT = '涟水县政务服务中心属地受理窗口';
export const TAIZHOU_POINT = '泰州市政务服务中心跨省通办专窗';
export const PINGHU_HOME_POINT = '平湖市行政服务中心跨省通办专窗';
export const PINGHU_LOCAL_POINT = '平湖市当湖街道便民服务中心跨省通办窗口';
export const HUAIBEI_POINT = '淮北市政务服务中心跨省通办专窗';
export const PUDONG_POINT = '浦东新区市民中心跨省通办专窗';
export const JIANGSU_POINT = '江苏政务服务中心长三角跨省通办专窗';

export const seedServicePoints: readonly SeedServicePoint[] = [
  {
    jurisdictionCode: LIANSHUI,
    name: LIANSHUI_LOCAL_POINT,
    address: '江苏省淮安市涟水县政务服务中心一楼综合受理区',
    side: 'local',
  },
  {
    jurisdictionCode: LIANSHUI,
    name: LIANSHUI_HOME_POINT,
    address: '江苏省淮安市涟水县政务服务中心二楼',
    side: 'home',
  },
  {
    jurisdictionCode: TAIZHOU,
    name: TAIZHOU_POINT,
    address: '江苏省泰州市海陵区泰州市政务服务中心一楼',
    side: 'both',
  },
  {
    jurisdictionCode: PINGHU,
    name: PINGHU_HOME_POINT,
    address: '浙江省嘉兴市平湖市行政服务中心一楼跨省通办专区',
    side: 'home',
  },
  {
    jurisdictionCode: PINGHU,
    name: PINGHU_LOCAL_POINT,
    address: '浙江省嘉兴市平湖市当湖街道便民服务中心',
    side: 'local',
  },
  {
    jurisdictionCode: HUAIBEI,
    name: HUAIBEI_POINT,
    address: '安徽省淮北市相山区淮北市政务服务中心二楼',
    side: 'home',
  },
  {
    jurisdictionCode: PUDONG,
    name: PUDONG_POINT,
    address: '上海市浦东新区市民中心一楼综合窗口',
    side: 'both',
  },
  {
    jurisdictionCode: JIANGSU,
    name: JIANGSU_POINT,
    address: '江苏省南京市江苏政务服务中心一楼',
    side: 'both',
  },
];

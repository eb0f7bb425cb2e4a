/**
 * Demo staff accounts, one or more for every role, all with the same password so that the
 * README can list them. Clerks work at a service point of their own jurisdiction whose side
 * fits their role; supervisors and the administrator sit at no window.
 */
import type { StaffRole } from '@vwindow/signaling/protocol/values';
import { JIANGSU, LIANSHUI, PINGHU, PUDONG, HUAIBEI, SHANGHAI, TAIZHOU } from './jurisdictions';
import {
  HUAIBEI_POINT,
  LIANSHUI_HOME_POINT,
  LIANSHUI_LOCAL_POINT,
  PINGHU_HOME_POINT,
  PINGHU_LOCAL_POINT,
  PUDONG_POINT,
  TAIZHOU_POINT,
} from './servicePoints';

/** The password of every demo account. Demo data only: change it before any real use. */
export const DEMO_PASSWORD = 'Window@2026';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: StaffRole;
  jurisdictionCode: string;
  /** Name of the service point the account works at (see servicePoints.ts); null for none. */
  servicePointName: string | null;
}

export const demoAccounts: readonly DemoAccount[] = [
  // 收件窗口 (local clerks: start sessions)
  {
    username: 'lianshui.local',
    displayName: '陈晓燕',
    role: 'local_clerk',
    jurisdictionCode: LIANSHUI,
    servicePointName: LIANSHUI_LOCAL_POINT,
  },
  {
    username: 'taizhou.local',
    displayName: '孙丽娟',
    role: 'local_clerk',
    jurisdictionCode: TAIZHOU,
    servicePointName: TAIZHOU_POINT,
  },
  {
    username: 'pinghu.local',
    displayName: '朱丹',
    role: 'local_clerk',
    jurisdictionCode: PINGHU,
    servicePointName: PINGHU_LOCAL_POINT,
  },

  // 属地窗口 (home clerks: take sessions and receive cases)
  {
    username: 'pinghu.home',
    displayName: '沈佳怡',
    role: 'home_clerk',
    jurisdictionCode: PINGHU,
    servicePointName: PINGHU_HOME_POINT,
  },
  {
    username: 'pinghu.home2',
    displayName: '陆文斌',
    role: 'home_clerk',
    jurisdictionCode: PINGHU,
    servicePointName: PINGHU_HOME_POINT,
  },
  {
    username: 'huaibei.home',
    displayName: '李明亮',
    role: 'home_clerk',
    jurisdictionCode: HUAIBEI,
    servicePointName: HUAIBEI_POINT,
  },
  {
    username: 'lianshui.home',
    displayName: '周建华',
    role: 'home_clerk',
    jurisdictionCode: LIANSHUI,
    servicePointName: LIANSHUI_HOME_POINT,
  },
  {
    username: 'taizhou.home',
    displayName: '吴海峰',
    role: 'home_clerk',
    jurisdictionCode: TAIZHOU,
    servicePointName: TAIZHOU_POINT,
  },
  {
    username: 'pudong.home',
    displayName: '顾晓雯',
    role: 'home_clerk',
    jurisdictionCode: PUDONG,
    servicePointName: PUDONG_POINT,
  },

  // 监督 (supervisors: watch queues, answer bad ratings)
  {
    username: 'pinghu.supervisor',
    displayName: '徐国平',
    role: 'supervisor',
    jurisdictionCode: PINGHU,
    servicePointName: null,
  },
  {
    username: 'jiangsu.supervisor',
    displayName: '王志强',
    role: 'supervisor',
    jurisdictionCode: JIANGSU,
    servicePointName: null,
  },

  // 管理 (administrator: catalog and staff)
  {
    username: 'admin',
    displayName: '张伟',
    role: 'admin',
    jurisdictionCode: SHANGHAI,
    servicePointName: null,
  },
];

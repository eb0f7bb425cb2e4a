/**
 * What the consoles read of the catalog and the staff: the jurisdiction tree, matters, service points,
 * accounts, a clerk's own sessions and a supervisor's day. Read by pages only (dates stay Date).
 */
import type { JurisdictionLevel, ServicePointSide, SessionStatus, StaffRole } from './values';

export interface JurisdictionNode {
  code: string;
  name: string;
  level: JurisdictionLevel;
  parentCode: string | null;
  /** 0 for a province-level unit or any root. */
  depth: number;
}

/** A jurisdiction that takes sessions: it has active matters and a home window. */
export interface HomeJurisdiction {
  code: string;
  name: string;
  level: JurisdictionLevel;
  parentCode: string | null;
  /** '浙江省 嘉兴市 平湖市'. */
  fullName: string;
}

export interface MatterSummary {
  id: number;
  code: string;
  name: string;
  homeJurisdictionCode: string;
  timeLimitDays: number;
  active: boolean;
  requiredMaterials: number;
  allMaterials: number;
}

export interface MatterFilter {
  /** Only matters handled by this jurisdiction. */
  homeJurisdictionCode?: string;
  /** Leave out matters handled by this jurisdiction (a clerk needs no remote window for those). */
  notHomeJurisdictionCode?: string;
  /** Default false: only active matters. */
  includeInactive?: boolean;
}

/** A matter with its whole material checklist, for the start form. */
export interface CatalogMatter {
  id: number;
  code: string;
  name: string;
  homeJurisdictionCode: string;
  timeLimitDays: number;
  description: string;
  materials: { id: number; name: string; required: boolean; note: string }[];
}

export interface ServicePointSummary {
  id: number;
  name: string;
  address: string;
  side: ServicePointSide;
  jurisdictionCode: string;
}

/** An account can be used, or has been switched off. (Wrong passwords slow the guesser's address, never lock the account: see signaling/src/auth/signInGuard.ts.) */
export type AccountState = { kind: 'normal' } | { kind: 'inactive' };

/** One account in the admin console's staff list; never the password hash. */
export interface StaffEntry {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
  jurisdictionCode: string;
  servicePointId: number | null;
  account: AccountState;
}

/** One of a clerk's own sessions on their console ("我的视频会话" / "我受理的视频会话"). */
export interface ClerkSession {
  id: string;
  status: SessionStatus;
  matterName: string;
  matterCode: string;
  homeJurisdictionName: string;
  /** Where the session was started (the local window's service point). */
  originServicePointName: string;
  createdAt: Date;
}

export interface SessionCounts {
  waiting: number;
  active: number;
  /** Every session started today, whatever its status now. */
  total: number;
}

export interface ActiveSession {
  id: string;
  matterName: string;
  homeJurisdictionName: string;
  localServicePointName: string;
  homeServicePointName: string | null;
  acceptedAt: Date | null;
}

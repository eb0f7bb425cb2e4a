/**
 * A home jurisdiction's queue: the sessions waiting for a home clerk, oldest first. Citizens' names
 * and ID numbers are masked here, before anything leaves the server.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@vwindow/db';
import { matters, servicePoints, sessions } from '@vwindow/db/schema';
import { maskIdNumber, maskName } from '$lib/privacy';

export interface QueuedSession {
  id: string;
  matterName: string;
  originServicePointName: string;
  originJurisdictionCode: string;
  createdAt: Date;
  citizenNameMasked: string;
  citizenIdNumberMasked: string;
}

export function waitingQueue(db: Db, homeJurisdictionCode: string): QueuedSession[] {
  const rows = db
    .select({
      id: sessions.id,
      matterName: matters.name,
      originServicePointName: servicePoints.name,
      originJurisdictionCode: servicePoints.jurisdictionCode,
      createdAt: sessions.createdAt,
      citizenName: sessions.citizenName,
      citizenIdNumber: sessions.citizenIdNumber,
    })
    .from(sessions)
    .innerJoin(matters, eq(matters.id, sessions.matterId))
    .innerJoin(servicePoints, eq(servicePoints.id, sessions.localServicePointId))
    .where(and(eq(sessions.status, 'waiting'), eq(sessions.homeJurisdictionCode, homeJurisdictionCode)))
    .orderBy(asc(sessions.createdAt), asc(sessions.id))
    .all();
  return rows.map(({ citizenName, citizenIdNumber, ...row }) => ({
    ...row,
    citizenNameMasked: maskName(citizenName),
    citizenIdNumberMasked: maskIdNumber(citizenIdNumber),
  }));
}

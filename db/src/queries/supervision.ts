/** Read models for the supervisor: sessions with their ratings over a period, and what is live now. */
import { and, count, eq, gte, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../database';
import { jurisdictions, matters, ratings, servicePoints, sessions, staff } from '../schema';

const localPoint = alias(servicePoints, 'sv_local_point');
const homePoint = alias(servicePoints, 'sv_home_point');
const homeClerk = alias(staff, 'sv_home_clerk');

/** Sessions of the given home jurisdictions created since `since`, with names and rating. */
export function sessionsForStatistics(db: Db, jurisdictionCodes: string[], since: Date) {
  if (jurisdictionCodes.length === 0) return [];
  return db
    .select({
      id: sessions.id,
      status: sessions.status,
      createdAt: sessions.createdAt,
      acceptedAt: sessions.acceptedAt,
      endedAt: sessions.endedAt,
      homeJurisdictionCode: sessions.homeJurisdictionCode,
      matterId: matters.id,
      matterName: matters.name,
      localServicePointId: localPoint.id,
      localServicePointName: localPoint.name,
      homeClerkId: homeClerk.id,
      homeClerkName: homeClerk.displayName,
      ratingLevel: ratings.level,
      ratingExcluded: ratings.excludedFromStats,
    })
    .from(sessions)
    .innerJoin(matters, eq(matters.id, sessions.matterId))
    .innerJoin(localPoint, eq(localPoint.id, sessions.localServicePointId))
    .leftJoin(homeClerk, eq(homeClerk.id, sessions.homeClerkId))
    .leftJoin(ratings, eq(ratings.sessionId, sessions.id))
    .where(and(inArray(sessions.homeJurisdictionCode, jurisdictionCodes), gte(sessions.createdAt, since)))
    .all();
}

/** Waiting and active sessions of the given home jurisdictions, now. */
export function liveSessions(db: Db, jurisdictionCodes: string[]) {
  if (jurisdictionCodes.length === 0) return [];
  return db
    .select({
      id: sessions.id,
      status: sessions.status,
      createdAt: sessions.createdAt,
      acceptedAt: sessions.acceptedAt,
      homeJurisdictionCode: sessions.homeJurisdictionCode,
      homeJurisdictionName: jurisdictions.name,
      matterName: matters.name,
      localServicePointId: localPoint.id,
      localServicePointName: localPoint.name,
      homeServicePointName: homePoint.name,
      homeClerkName: homeClerk.displayName,
    })
    .from(sessions)
    .innerJoin(jurisdictions, eq(jurisdictions.code, sessions.homeJurisdictionCode))
    .innerJoin(matters, eq(matters.id, sessions.matterId))
    .innerJoin(localPoint, eq(localPoint.id, sessions.localServicePointId))
    .leftJoin(homePoint, eq(homePoint.id, sessions.homeServicePointId))
    .leftJoin(homeClerk, eq(homeClerk.id, sessions.homeClerkId))
    .where(and(inArray(sessions.homeJurisdictionCode, jurisdictionCodes), inArray(sessions.status, ['waiting', 'active'])))
    .all();
}

/** Sessions created since `since`, counted per home jurisdiction and status. */
export function sessionCountsSince(db: Db, jurisdictionCodes: string[], since: Date) {
  if (jurisdictionCodes.length === 0) return [];
  return db
    .select({ code: sessions.homeJurisdictionCode, status: sessions.status, sessions: count() })
    .from(sessions)
    .where(and(inArray(sessions.homeJurisdictionCode, jurisdictionCodes), gte(sessions.createdAt, since)))
    .groupBy(sessions.homeJurisdictionCode, sessions.status)
    .all();
}

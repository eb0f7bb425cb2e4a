/** Service points (服务点/专窗). */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@vwindow/db';
import { servicePoints, type ServicePointSide } from '@vwindow/db/schema';

export interface ServicePointSummary {
  id: number;
  name: string;
  address: string;
  side: ServicePointSide;
  jurisdictionCode: string;
}

const columns = {
  id: servicePoints.id,
  name: servicePoints.name,
  address: servicePoints.address,
  side: servicePoints.side,
  jurisdictionCode: servicePoints.jurisdictionCode,
};

export function getServicePoint(db: Db, id: number): ServicePointSummary | null {
  return db.select(columns).from(servicePoints).where(eq(servicePoints.id, id)).get() ?? null;
}

/** All service points, or those of the given jurisdictions; by jurisdiction, then id. */
export function listServicePoints(db: Db, jurisdictionCodes?: string[]): ServicePointSummary[] {
  if (jurisdictionCodes?.length === 0) return [];
  return db
    .select(columns)
    .from(servicePoints)
    .where(jurisdictionCodes ? inArray(servicePoints.jurisdictionCode, jurisdictionCodes) : undefined)
    .orderBy(asc(servicePoints.jurisdictionCode), asc(servicePoints.id))
    .all();
}

/** Turns session rows into the views the browser gets, masking the citizen's data. */
import type { SessionDetails } from '@vwindow/db';
import { maskCitizen, maskIdNumber, maskName, type QueueEntry, type SessionView } from '../protocol';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toSessionView(details: SessionDetails, queuePosition: number | null): SessionView {
  const s = details.session;
  return {
    id: s.id,
    status: s.status,
    matter: details.matter,
    homeJurisdiction: { code: s.homeJurisdictionCode, name: details.homeJurisdictionName },
    localServicePoint: details.localServicePoint,
    homeServicePoint: s.homeServicePointId && details.homeServicePointName ? { id: s.homeServicePointId, name: details.homeServicePointName } : null,
    localClerk: { id: s.localClerkId, displayName: details.localClerkName },
    homeClerk: s.homeClerkId && details.homeClerkName ? { id: s.homeClerkId, displayName: details.homeClerkName } : null,
    citizen: maskCitizen({ name: s.citizenName, idNumber: s.citizenIdNumber, phone: s.citizenPhone }),
    createdAt: s.createdAt.toISOString(),
    acceptedAt: iso(s.acceptedAt),
    endedAt: iso(s.endedAt),
    endedBy: s.endedById && details.endedByName ? { id: s.endedById, displayName: details.endedByName } : null,
    endReason: s.endReason,
    queuePosition,
  };
}

export function toQueueEntry(row: {
  id: string;
  matterName: string;
  originServicePoint: string;
  originJurisdiction: string;
  citizenName: string;
  citizenIdNumber: string;
  createdAt: Date;
}, localWindowOnline: boolean, callReady: boolean): QueueEntry {
  // Every field named, no spread of `row`: built with a spread, these entries reached V8's old
  // generation instead of dying young (a sampling heap profile of GET /api/queue under load), and
  // filled it towards a full collection's pause.
  return {
    id: row.id,
    matterName: row.matterName,
    originServicePoint: row.originServicePoint,
    originJurisdiction: row.originJurisdiction,
    citizenName: maskName(row.citizenName),
    citizenIdNumber: maskIdNumber(row.citizenIdNumber),
    createdAt: row.createdAt.toISOString(),
    localWindowOnline,
    callReady,
  };
}

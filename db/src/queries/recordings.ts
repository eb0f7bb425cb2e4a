/** Recordings (录音录像) of sessions: segment and gap rows, notices, and recording policies. */
import { and, asc, eq, inArray, isNull, lt, ne } from 'drizzle-orm';
import type { Db } from '../database';
import { auditLog, caseEvents, captures, chatMessages, followUps, identityChecks, ratings, matterRecordingPolicies, recordingNotices, recordingPolicies, recordings, sessions } from '../schema';
import { appendAudit } from './auditLog';

export type RecordingRow = typeof recordings.$inferSelect;
export type NewRecording = typeof recordings.$inferInsert;

/** The audit action under which a segment's sha256 enters the chain; the check reads these rows. */
export const RECORDING_SEGMENT_ACTION = 'recording.segment_finished';
export const RECORDING_PURGE_ACTION = 'recording.purged';

/** Inserts a segment or gap row and its audit row together. */
/** Inserts a segment or gap with its audit row; `detail` adds to that row (e.g. a segment registered at start-up). */
export function insertRecordingEntry(db: Db, row: NewRecording, detail: Record<string, unknown> = {}): RecordingRow {
  return db.transaction((tx) => {
    const inserted = tx.insert(recordings).values(row).returning().get();
    appendAudit(tx as unknown as Db, {
      actorId: null,
      action: row.entry === 'segment' ? RECORDING_SEGMENT_ACTION : 'recording.gap',
      entityType: 'recording',
      entityId: inserted.id,
      after: {
        sessionId: inserted.sessionId,
        track: inserted.track,
        file: inserted.file,
        bytes: inserted.bytes,
        sha256: inserted.sha256,
        startedAt: inserted.startedAt.toISOString(),
        endedAt: inserted.endedAt.toISOString(),
        ...(inserted.gapReason ? { gapReason: inserted.gapReason } : {}),
        ...detail,
      },
    });
    return inserted;
  }, { behavior: 'immediate' });
}

export function recordingsOfSession(db: Db, sessionId: string): RecordingRow[] {
  return db.select().from(recordings).where(eq(recordings.sessionId, sessionId)).orderBy(asc(recordings.startedAt), asc(recordings.track)).all();
}

export function findRecording(db: Db, id: string): RecordingRow | undefined {
  return db.select().from(recordings).where(eq(recordings.id, id)).get();
}

/** What the audit chain says each recorded segment must be: file, sha256, and whether it was purged since. */
export function auditedSegments(db: Db): { auditId: number; recordingId: string; sessionId: string; file: string; sha256: string; purged: boolean }[] {
  const rows = db
    .select({ id: auditLog.id, action: auditLog.action, entityId: auditLog.entityId, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'recording'), inArray(auditLog.action, [RECORDING_SEGMENT_ACTION, RECORDING_PURGE_ACTION])))
    .orderBy(asc(auditLog.id))
    .all();
  const segments = new Map<string, { auditId: number; recordingId: string; sessionId: string; file: string; sha256: string; purged: boolean }>();
  for (const row of rows) {
    if (row.action === RECORDING_PURGE_ACTION) {
      const known = segments.get(row.entityId);
      if (known) known.purged = true;
      continue;
    }
    const after = (row.after ?? {}) as { sessionId?: string; file?: string; sha256?: string };
    if (after.sessionId && after.file && after.sha256) {
      segments.set(row.entityId, { auditId: row.id, recordingId: row.entityId, sessionId: after.sessionId, file: after.file, sha256: after.sha256, purged: false });
    }
  }
  return [...segments.values()];
}

export function insertRecordingNotice(db: Db, row: typeof recordingNotices.$inferInsert): void {
  db.insert(recordingNotices).values(row).onConflictDoNothing().run();
}

export function findRecordingNotice(db: Db, sessionId: string) {
  return db.select().from(recordingNotices).where(eq(recordingNotices.sessionId, sessionId)).get();
}

/** Which of `sessionIds` have their recording notice confirmed (one query). */
export function sessionsWithRecordingNotice(db: Db, sessionIds: readonly string[]): Set<string> {
  if (sessionIds.length === 0) return new Set();
  const rows = db.select({ sessionId: recordingNotices.sessionId }).from(recordingNotices).where(inArray(recordingNotices.sessionId, [...sessionIds])).all();
  return new Set(rows.map((row) => row.sessionId));
}

export interface RecordingPolicy {
  required: boolean;
  retentionDays: number;
}

export const DEFAULT_RECORDING_POLICY: RecordingPolicy = { required: true, retentionDays: 180 };

export function recordingPolicyOf(db: Db, jurisdictionCode: string): RecordingPolicy {
  const row = db.select().from(recordingPolicies).where(eq(recordingPolicies.jurisdictionCode, jurisdictionCode)).get();
  return row ? { required: row.required, retentionDays: row.retentionDays } : DEFAULT_RECORDING_POLICY;
}

export function setRecordingPolicy(db: Db, jurisdictionCode: string, policy: RecordingPolicy): void {
  db.insert(recordingPolicies)
    .values({ jurisdictionCode, ...policy })
    .onConflictDoUpdate({ target: recordingPolicies.jurisdictionCode, set: policy })
    .run();
}

/** Whether a session of `matterId` in `jurisdictionCode` must be recorded: the matter's own rule, else the jurisdiction's. */
export function recordingRequiredFor(db: Db, matterId: number, jurisdictionCode: string): boolean {
  const matter = db.select().from(matterRecordingPolicies).where(eq(matterRecordingPolicies.matterId, matterId)).get();
  return matter ? matter.required : recordingPolicyOf(db, jurisdictionCode).required;
}

export function setMatterRecordingRequired(db: Db, matterId: number, required: boolean): void {
  db.insert(matterRecordingPolicies).values({ matterId, required }).onConflictDoUpdate({ target: matterRecordingPolicies.matterId, set: { required } }).run();
}

/** Segments not yet purged whose session ended before `endedBefore`, in jurisdiction `code`. */
export function segmentsToPurge(db: Db, code: string, endedBefore: Date): RecordingRow[] {
  return db
    .select({ row: recordings })
    .from(recordings)
    .innerJoin(sessions, eq(sessions.id, recordings.sessionId))
    .where(and(eq(sessions.homeJurisdictionCode, code), eq(recordings.entry, 'segment'), isNull(recordings.purgedAt), lt(sessions.endedAt, endedBefore)))
    .all()
    .map((r) => r.row);
}

export function markRecordingPurged(db: Db, id: string, at: Date): void {
  db.update(recordings).set({ purgedAt: at }).where(eq(recordings.id, id)).run();
}

/** What happened in a session, for the marks on its recording's timeline (read by recording/recordingMarks.ts). */
export function sessionMoments(db: Db, sessionId: string) {
  return {
    captures: db.select({ at: captures.createdAt, kind: captures.kind, status: captures.status }).from(captures).where(eq(captures.sessionId, sessionId)).all(),
    identity: db.select({ at: identityChecks.createdAt, verdict: identityChecks.verdict }).from(identityChecks).where(eq(identityChecks.sessionId, sessionId)).all(),
    chat: db.select({ at: chatMessages.createdAt, text: chatMessages.text, senderId: chatMessages.senderId }).from(chatMessages).where(eq(chatMessages.sessionId, sessionId)).all(),
    caseEvents: db.select({ at: caseEvents.at, action: caseEvents.action }).from(caseEvents).where(eq(caseEvents.sessionId, sessionId)).all(),
    audit: db
      .select({ at: auditLog.at, action: auditLog.action, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'session'), eq(auditLog.entityId, sessionId)))
      .orderBy(asc(auditLog.id))
      .all(),
  };
}

/** Whether the session has a follow-up (差评整改) not yet closed: its recording must stay. */
export function sessionHasOpenFollowUp(db: Db, sessionId: string): boolean {
  return (
    db
      .select({ id: followUps.id })
      .from(followUps)
      .innerJoin(ratings, eq(ratings.id, followUps.ratingId))
      .where(and(eq(ratings.sessionId, sessionId), ne(followUps.status, 'closed')))
      .get() !== undefined
  );
}

/** Home jurisdictions of sessions that still have segment files, for the retention job. */
export function jurisdictionsWithRecordings(db: Db): string[] {
  return db
    .selectDistinct({ code: sessions.homeJurisdictionCode })
    .from(recordings)
    .innerJoin(sessions, eq(sessions.id, recordings.sessionId))
    .where(and(eq(recordings.entry, 'segment'), isNull(recordings.purgedAt)))
    .all()
    .map((row) => row.code);
}

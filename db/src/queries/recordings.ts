/** Recordings (录音录像) of sessions: segment and gap rows, notices, and recording policies. */
import { and, asc, eq, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../database';
import { inTransaction } from '../transaction';
import type { recordingNotices, recordings } from '../schema';
import { preparedQuery, tablesOf } from '../store';
import { appendAudits } from './auditLog';

export type RecordingRow = typeof recordings.$inferSelect;
export type NewRecording = typeof recordings.$inferInsert;

/** The audit action under which a segment's sha256 enters the chain; the check reads these rows. */
export const RECORDING_SEGMENT_ACTION = 'recording.segment_finished';
export const RECORDING_PURGE_ACTION = 'recording.purged';

/** One segment or gap row to insert; `detail` adds to its audit row (e.g. a segment registered at start-up). */
export interface RecordingEntry {
  row: NewRecording;
  detail?: Record<string, unknown>;
}

/** Inserts a segment or gap with its audit row. */
export async function insertRecordingEntry(db: Db, row: NewRecording, detail: Record<string, unknown> = {}): Promise<RecordingRow> {
  return (await insertRecordingEntries(db, [{ row, detail }]))[0]!;
}

/** Inserts segments and gaps with their audit rows, all in one transaction (the audit chain locked once). */
export async function insertRecordingEntries(db: Db, entries: readonly RecordingEntry[]): Promise<RecordingRow[]> {
  const { recordings } = tablesOf(db);
  if (entries.length === 0) return [];
  return inTransaction(db, async (tx) => {
    const inserted = await tx.insert(recordings).values(entries.map((entry) => entry.row)).returning();
    const byId = new Map(inserted.map((row) => [row.id, row]));
    const rows = entries.map((entry) => byId.get(entry.row.id)!);
    await appendAudits(
      tx,
      rows.map((row, index) => ({
        actorId: null,
        action: row.entry === 'segment' ? RECORDING_SEGMENT_ACTION : 'recording.gap',
        entityType: 'recording',
        entityId: row.id,
        after: {
          sessionId: row.sessionId,
          track: row.track,
          file: row.file,
          bytes: row.bytes,
          sha256: row.sha256,
          startedAt: row.startedAt.toISOString(),
          endedAt: row.endedAt.toISOString(),
          ...(row.gapReason ? { gapReason: row.gapReason } : {}),
          ...entries[index]!.detail,
        },
      })),
    );
    return rows;
  });
}

export async function recordingsOfSession(db: Db, sessionId: string): Promise<RecordingRow[]> {
  const { recordings } = tablesOf(db);
  return await db.select().from(recordings).where(eq(recordings.sessionId, sessionId)).orderBy(asc(recordings.startedAt), asc(recordings.track));
}

export async function findRecording(db: Db, id: string): Promise<RecordingRow | undefined> {
  const { recordings } = tablesOf(db);
  return (await db.select().from(recordings).where(eq(recordings.id, id)))[0];
}

/** What the audit chain says each recorded segment must be: file, sha256, and whether it was purged since. */
export async function auditedSegments(db: Db): Promise<{ auditId: number; recordingId: string; sessionId: string; file: string; sha256: string; purged: boolean }[]> {
  const { auditLog } = tablesOf(db);
  const rows = await db
    .select({ id: auditLog.id, action: auditLog.action, entityId: auditLog.entityId, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'recording'), inArray(auditLog.action, [RECORDING_SEGMENT_ACTION, RECORDING_PURGE_ACTION])))
    .orderBy(asc(auditLog.id));
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

export async function insertRecordingNotice(db: Db, row: typeof recordingNotices.$inferInsert): Promise<void> {
  const { recordingNotices } = tablesOf(db);
  await db.insert(recordingNotices).values(row).onConflictDoNothing();
}

export async function findRecordingNotice(db: Db, sessionId: string) {
  const { recordingNotices } = tablesOf(db);
  return (await db.select().from(recordingNotices).where(eq(recordingNotices.sessionId, sessionId)))[0];
}

/** Which of `sessionIds` have their recording notice confirmed (one query). */
export async function sessionsWithRecordingNotice(db: Db, sessionIds: readonly string[]): Promise<Set<string>> {
  const { recordingNotices } = tablesOf(db);
  if (sessionIds.length === 0) return new Set();
  const rows = await db.select({ sessionId: recordingNotices.sessionId }).from(recordingNotices).where(inArray(recordingNotices.sessionId, [...sessionIds]));
  return new Set(rows.map((row) => row.sessionId));
}

export interface RecordingPolicy {
  required: boolean;
  retentionDays: number;
}

export const DEFAULT_RECORDING_POLICY: RecordingPolicy = { required: true, retentionDays: 180 };

export async function recordingPolicyOf(db: Db, jurisdictionCode: string): Promise<RecordingPolicy> {
  // Prepared: read for every waiting session of a home queue, on every queue request.
  const query = preparedQuery(db, 'recording_policy_of', () => {
    const { recordingPolicies } = tablesOf(db);
    return db.select().from(recordingPolicies).where(eq(recordingPolicies.jurisdictionCode, sql.placeholder('jurisdictionCode')));
  });
  const [row] = await query.execute({ jurisdictionCode });
  return row ? { required: row.required, retentionDays: row.retentionDays } : DEFAULT_RECORDING_POLICY;
}

export async function setRecordingPolicy(db: Db, jurisdictionCode: string, policy: RecordingPolicy): Promise<void> {
  const { recordingPolicies } = tablesOf(db);
  await db.insert(recordingPolicies)
    .values({ jurisdictionCode, ...policy })
    .onConflictDoUpdate({ target: recordingPolicies.jurisdictionCode, set: policy });
}

/** Whether a session of `matterId` in `jurisdictionCode` must be recorded: the matter's own rule, else the jurisdiction's. */
export async function recordingRequiredFor(db: Db, matterId: number, jurisdictionCode: string): Promise<boolean> {
  const query = preparedQuery(db, 'matter_recording_policy_of', () => {
    const { matterRecordingPolicies } = tablesOf(db);
    return db.select().from(matterRecordingPolicies).where(eq(matterRecordingPolicies.matterId, sql.placeholder('matterId')));
  });
  const [matter] = await query.execute({ matterId });
  return matter ? matter.required : (await recordingPolicyOf(db, jurisdictionCode)).required;
}

export async function setMatterRecordingRequired(db: Db, matterId: number, required: boolean): Promise<void> {
  const { matterRecordingPolicies } = tablesOf(db);
  await db.insert(matterRecordingPolicies).values({ matterId, required }).onConflictDoUpdate({ target: matterRecordingPolicies.matterId, set: { required } });
}

/** Segments not yet purged whose session ended before `endedBefore`, in jurisdiction `code`. */
export async function segmentsToPurge(db: Db, code: string, endedBefore: Date): Promise<RecordingRow[]> {
  const { recordings, sessions } = tablesOf(db);
  return (await db
    .select({ row: recordings })
    .from(recordings)
    .innerJoin(sessions, eq(sessions.id, recordings.sessionId))
    .where(and(eq(sessions.homeJurisdictionCode, code), eq(recordings.entry, 'segment'), isNull(recordings.purgedAt), lt(sessions.endedAt, endedBefore))))
    .map((r) => r.row);
}

export async function markRecordingPurged(db: Db, id: string, at: Date): Promise<void> {
  const { recordings } = tablesOf(db);
  await db.update(recordings).set({ purgedAt: at }).where(eq(recordings.id, id));
}

/** What happened in a session, for the marks on its recording's timeline (read by recording/recordingMarks.ts). */
export async function sessionMoments(db: Db, sessionId: string) {
  const { auditLog, caseEvents, captures, chatMessages, identityChecks } = tablesOf(db);
  return {
    captures: await db.select({ at: captures.createdAt, kind: captures.kind, status: captures.status }).from(captures).where(eq(captures.sessionId, sessionId)),
    identity: await db.select({ at: identityChecks.createdAt, verdict: identityChecks.verdict }).from(identityChecks).where(eq(identityChecks.sessionId, sessionId)),
    chat: await db.select({ at: chatMessages.createdAt, text: chatMessages.text, senderId: chatMessages.senderId }).from(chatMessages).where(eq(chatMessages.sessionId, sessionId)),
    caseEvents: await db.select({ at: caseEvents.at, action: caseEvents.action }).from(caseEvents).where(eq(caseEvents.sessionId, sessionId)),
    audit: await db
      .select({ at: auditLog.at, action: auditLog.action, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'session'), eq(auditLog.entityId, sessionId)))
      .orderBy(asc(auditLog.id)),
  };
}

/** Whether the session has a follow-up (差评整改) not yet closed: its recording must stay. */
export async function sessionHasOpenFollowUp(db: Db, sessionId: string): Promise<boolean> {
  const { followUps, ratings } = tablesOf(db);
  return (
    (await db
      .select({ id: followUps.id })
      .from(followUps)
      .innerJoin(ratings, eq(ratings.id, followUps.ratingId))
      .where(and(eq(ratings.sessionId, sessionId), ne(followUps.status, 'closed'))))[0] !== undefined
  );
}

/** Home jurisdictions of sessions that still have segment files, for the retention job. */
export async function jurisdictionsWithRecordings(db: Db): Promise<string[]> {
  const { recordings, sessions } = tablesOf(db);
  return (await db
    .selectDistinct({ code: sessions.homeJurisdictionCode })
    .from(recordings)
    .innerJoin(sessions, eq(sessions.id, recordings.sessionId))
    .where(and(eq(recordings.entry, 'segment'), isNull(recordings.purgedAt))))
    .map((row) => row.code);
}

/**
 * Recordings as people reach them: the view of a session's recording with its timeline marks, the
 * segment files (for range requests), the recording notice the local clerk confirms, and retention's
 * purge. Only the home clerk of the session and supervisors over its home jurisdiction see a
 * recording; every refusal is audited.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  appendAudit,
  findRecording,
  findRecordingNotice,
  findMatter,
  findSession,
  insertRecordingNotice,
  jurisdictionsWithRecordings,
  setRecordingPolicy,
  markRecordingPurged,
  recordingPolicyOf,
  recordingRequiredFor,
  sessionsWithRecordingNotice,
  recordingsOfSession,
  segmentsToPurge,
  sessionHasOpenFollowUp,
  RECORDING_PURGE_ACTION,
  type Database,
  type RecordingRow,
  type SessionRow,
} from '@vwindow/db';
import { refused } from '../audit/refusals';
import { refusal } from '../sessions/access';
import { AppError } from '../errors';
import { jurisdictionCovers, t, type MediaSource, type PeerSide, type RecordingEntryView, type SessionRecordingView, type SignedInStaff } from '../protocol';
import { recordingMarks } from './recordingMarks';

export interface RecordingLibraryOptions {
  database: Database;
  /** <data dir>/recordings */
  dir: string;
  now?: () => Date;
}

export interface RecordingFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** Whether `staff` may see the recording of `session`: its home clerk, or a supervisor over its home jurisdiction. */
export function maySeeRecording(staff: SignedInStaff, session: SessionRow): boolean {
  if (staff.role === 'home_clerk') return session.homeClerkId === staff.id;
  return staff.role === 'supervisor' && jurisdictionCovers(staff.jurisdictionCode, session.homeJurisdictionCode);
}

export interface RecordingLibraryEvents {
  /** The local clerk confirmed a session's recording notice: its call may start now. */
  noticeConfirmed: [sessionId: string];
}

export class RecordingLibrary extends EventEmitter<RecordingLibraryEvents> {
  readonly #database: Database;
  readonly #dir: string;
  readonly #now: () => Date;
  #retentionTimer: NodeJS.Timeout | undefined;

  constructor(options: RecordingLibraryOptions) {
    super();
    this.#database = options.database;
    this.#dir = options.dir;
    this.#now = options.now ?? (() => new Date());
  }

  get #db() {
    return this.#database.db;
  }

  /** Whether `staff` may watch the session's recording (for pages deciding to show the player; nothing audited). */
  async mayWatch(staff: SignedInStaff, sessionId: string): Promise<boolean> {
    const session = await findSession(this.#db, sessionId);
    return session !== undefined && maySeeRecording(staff, session);
  }

  /** The session's recording: its segments and gaps by track, and the marks of what happened. */
  async view(staff: SignedInStaff, sessionId: string): Promise<SessionRecordingView> {
    const session = await findSession(this.#db, sessionId);
    if (!session) throw new AppError('SESSION_NOT_FOUND');
    if (!maySeeRecording(staff, session)) throw await refusal(this.#db, staff, 'recording.read_refused', { type: 'session', id: sessionId });
    const rows = await recordingsOfSession(this.#db, sessionId);
    const start = rows.reduce<Date | null>((min, row) => (min === null || row.startedAt < min ? row.startedAt : min), null);
    const end = rows.reduce<Date | null>((max, row) => (max === null || row.endedAt > max ? row.endedAt : max), null);
    const notice = await findRecordingNotice(this.#db, sessionId);
    return {
      sessionId,
      startedAt: start?.toISOString() ?? null,
      endedAt: end?.toISOString() ?? null,
      entries: rows.map((row) => this.#entryView(row, start ?? row.startedAt)),
      marks: await recordingMarks(this.#db, session, start),
      notice: notice ? { confirmedAt: notice.confirmedAt.toISOString(), confirmedBy: notice.confirmedById } : null,
    };
  }

  #entryView(row: RecordingRow, start: Date): RecordingEntryView {
    const purged = row.purgedAt !== null;
    return {
      id: row.id,
      entry: row.entry,
      track: row.track,
      side: row.side as PeerSide,
      source: row.source as MediaSource,
      mediaKind: row.mediaKind === 'audio' ? 'audio' : 'video',
      startedAt: row.startedAt.toISOString(),
      endedAt: row.endedAt.toISOString(),
      offset: (row.startedAt.getTime() - start.getTime()) / 1000,
      duration: (row.endedAt.getTime() - row.startedAt.getTime()) / 1000,
      bytes: row.bytes,
      sha256: row.sha256,
      purged,
      url: row.entry === 'segment' && !purged ? `/api/recordings/${row.id}/file` : null,
    };
  }

  /** One segment's file, for a staff member who may see its session. */
  async file(staff: SignedInStaff, recordingId: string): Promise<RecordingFile> {
    const row = await findRecording(this.#db, recordingId);
    if (!row || row.entry !== 'segment' || !row.file) throw new AppError('RECORDING_NOT_FOUND');
    const session = await findSession(this.#db, row.sessionId);
    if (!session || !maySeeRecording(staff, session)) throw await refusal(this.#db, staff, 'recording.read_refused', { type: 'recording', id: recordingId });
    const path = join(this.#dir, row.sessionId, row.file);
    if (row.purgedAt !== null || !existsSync(path)) throw new AppError('RECORDING_NOT_FOUND');
    return { path, bytes: row.bytes ?? 0, sha256: row.sha256 ?? '' };
  }

  /** Whether the session's call may start: recording not required, or the notice confirmed. */
  async noticeSatisfied(session: SessionRow): Promise<boolean> {
    return (await this.noticeSatisfiedAmong([session])).has(session.id);
  }

  /**
   * Which of `sessions` may start their call (a queue's worth at once): each matter's and
   * jurisdiction's policy read once, the confirmed notices in one query.
   */
  async noticeSatisfiedAmong(sessions: readonly SessionRow[]): Promise<Set<string>> {
    const required = new Map<string, boolean>();
    const open = new Set<string>();
    for (const session of sessions) {
      const key = `${session.matterId}|${session.homeJurisdictionCode}`;
      let value = required.get(key);
      if (value === undefined) required.set(key, (value = await recordingRequiredFor(this.#db, session.matterId, session.homeJurisdictionCode)));
      if (!value) open.add(session.id);
    }
    const confirmed = await sessionsWithRecordingNotice(this.#db, sessions.filter((session) => !open.has(session.id)).map((session) => session.id));
    return new Set([...open, ...confirmed]);
  }

  /**
   * The call gate (SessionService's callGate): a session whose matter or jurisdiction requires recording
   * is not accepted before its local clerk confirmed the notice; the refusal is audited.
   */
  async requireNotice(staff: SignedInStaff, session: SessionRow): Promise<void> {
    if ((await this.noticeSatisfied(session))) return;
    throw await refused(this.#db, { actor: staff, action: 'session.accept_refused', target: { type: 'session', id: session.id }, reason: 'RECORDING_NOTICE_REQUIRED' });
  }

  /** What the local clerk's page shows of the notice: whether it is required, and when it was confirmed. */
  async noticeState(staff: SignedInStaff, sessionId: string): Promise<{ required: boolean; confirmedAt: string | null } | null> {
    const session = await findSession(this.#db, sessionId);
    if (!session || session.localClerkId !== staff.id) return null;
    const confirmed = await findRecordingNotice(this.#db, sessionId);
    return { required: await recordingRequiredFor(this.#db, session.matterId, session.homeJurisdictionCode), confirmedAt: confirmed?.confirmedAt.toISOString() ?? null };
  }

  /**
   * The notice is shown to the citizen (the citizen page at the local window, opened by the session's
   * local clerk): audited, so that what the citizen was shown is on record with the session.
   */
  async noticeShown(staff: SignedInStaff, sessionId: string): Promise<{ matterName: string }> {
    const session = await findSession(this.#db, sessionId);
    if (!session) throw new AppError('SESSION_NOT_FOUND');
    if (session.localClerkId !== staff.id) throw await refusal(this.#db, staff, 'recording.notice_refused', { type: 'session', id: sessionId });
    await appendAudit(this.#db, { actorId: staff.id, action: 'session.recording_notice_shown', entityType: 'session', entityId: sessionId, after: { notice: t('server.recordingNotice') } });
    return { matterName: (await findMatter(this.#db, session.matterId))?.name ?? '' };
  }

  /** The local clerk confirms the citizen was told 本次服务全程录音录像 (audited; a second confirmation changes nothing). */
  async confirmNotice(staff: SignedInStaff, sessionId: string): Promise<{ confirmedAt: string }> {
    const session = await findSession(this.#db, sessionId);
    if (!session) throw new AppError('SESSION_NOT_FOUND');
    if (session.localClerkId !== staff.id) throw await refusal(this.#db, staff, 'recording.notice_refused', { type: 'session', id: sessionId });
    const existing = await findRecordingNotice(this.#db, sessionId);
    if (existing) return { confirmedAt: existing.confirmedAt.toISOString() };
    const at = this.#now();
    const notice = t('server.recordingNotice');
    await insertRecordingNotice(this.#db, { sessionId, confirmedById: staff.id, confirmedAt: at, notice });
    await appendAudit(this.#db, { actorId: staff.id, action: 'session.recording_notice_confirmed', entityType: 'session', entityId: sessionId, after: { notice } });
    this.emit('noticeConfirmed', sessionId);
    return { confirmedAt: at.toISOString() };
  }

  /** Runs the retention purge now and then every `intervalMs` (default hourly) until stopRetention(). */
  startRetention(onError: (error: unknown) => void, intervalMs = 3_600_000): void {
    const run = () => this.purgeAllExpired().catch(onError);
    void run();
    this.#retentionTimer = setInterval(() => void run(), intervalMs);
    this.#retentionTimer.unref();
  }

  stopRetention(): void {
    clearInterval(this.#retentionTimer);
  }

  /** The retention purge over every jurisdiction with recordings; returns the files removed. */
  async purgeAllExpired(): Promise<number> {
    let purged = 0;
    for (const code of await jurisdictionsWithRecordings(this.#db)) purged += await this.purgeExpired(code);
    return purged;
  }

  /** An administrator sets a jurisdiction's recording policy (audited). */
  async setPolicy(staff: SignedInStaff, jurisdictionCode: string, policy: { required: boolean; retentionDays: number }): Promise<void> {
    if (staff.role !== 'admin') throw await refused(this.#db, { actor: staff, action: 'recording.policy_refused', target: { type: 'jurisdiction', id: jurisdictionCode }, reason: 'FORBIDDEN' });
    const before = await recordingPolicyOf(this.#db, jurisdictionCode);
    await setRecordingPolicy(this.#db, jurisdictionCode, policy);
    await appendAudit(this.#db, { actorId: staff.id, action: 'recording.policy_set', entityType: 'jurisdiction', entityId: jurisdictionCode, before, after: policy });
  }

  /**
   * Removes the segment files of `jurisdictionCode`'s sessions that ended longer ago than its retention,
   * one audit row per file; sessions under an open follow-up keep theirs. Returns the files removed.
   */
  async purgeExpired(jurisdictionCode: string): Promise<number> {
    const now = this.#now();
    const { retentionDays } = await recordingPolicyOf(this.#db, jurisdictionCode);
    const due = await segmentsToPurge(this.#db, jurisdictionCode, new Date(now.getTime() - retentionDays * 86_400_000));
    let purged = 0;
    for (const row of due) {
      if ((await sessionHasOpenFollowUp(this.#db, row.sessionId))) continue;
      await this.#purge(row, null, { retentionDays });
      purged += 1;
    }
    return purged;
  }

  /** A supervisor removes one segment before its time (refused while a follow-up on its session is open). */
  async purge(staff: SignedInStaff, recordingId: string): Promise<void> {
    const row = await findRecording(this.#db, recordingId);
    if (!row || row.entry !== 'segment' || row.purgedAt !== null) throw new AppError('RECORDING_NOT_FOUND');
    const session = await findSession(this.#db, row.sessionId);
    if (!session || staff.role !== 'supervisor' || !maySeeRecording(staff, session)) {
      throw await refusal(this.#db, staff, 'recording.purge_refused', { type: 'recording', id: recordingId });
    }
    if ((await sessionHasOpenFollowUp(this.#db, row.sessionId))) {
      await appendAudit(this.#db, { actorId: staff.id, action: 'recording.purge_refused', entityType: 'recording', entityId: recordingId, after: { reason: 'RECORDING_UNDER_FOLLOW_UP' } });
      throw new AppError('RECORDING_UNDER_FOLLOW_UP');
    }
    await this.#purge(row, staff.id, {});
  }

  async #purge(row: RecordingRow, actorId: number | null, detail: Record<string, unknown>): Promise<void> {
    const at = this.#now();
    // The purge is on record before the file goes, so that the audit check never misses a file it expects.
    await markRecordingPurged(this.#db, row.id, at);
    await appendAudit(this.#db, {
      actorId,
      action: RECORDING_PURGE_ACTION,
      entityType: 'recording',
      entityId: row.id,
      before: { sessionId: row.sessionId, file: row.file, sha256: row.sha256 },
      after: { purgedAt: at.toISOString(), ...detail },
    });
    await rm(join(this.#dir, row.sessionId, row.file!), { force: true });
  }
}

/**
 * The audit log as people read it: rows filtered by actor, entity and time (admin), and the chain
 * check (admin, supervisor). Refusals are written through ./refusals.ts.
 */
import { auditEntityTypes, listAudit, verifyAuditChainStepwise, type Database } from '@vwindow/db';
import { beijingDayStart } from '../cases/workingDays';
import { verifyRecordingFiles } from '../recording/recordingIntegrity';
import { parseOrThrow } from '../errors';
import { refused, recordRefusal, type Refusal } from './refusals';
import { auditQuery, type AuditChainVerdict, type AuditEntryView, type AuditQuery, type SignedInStaff, type StaffRole } from '../protocol';

export class AuditService {
  readonly #database: Database;

  readonly #recordingsDir: string | undefined;

  /** `recordingsDir`: <data dir>/recordings, whose segment files the check compares with their audited sha256. */
  constructor(options: { database: Database; recordingsDir?: string }) {
    this.#database = options.database;
    this.#recordingsDir = options.recordingsDir;
  }

  get #db() {
    return this.#database.db;
  }

  /** Writes one refused access (see ./refusals.ts). */
  async refused(refusal: Refusal): Promise<void> {
    await recordRefusal(this.#db, refusal);
  }

  /**
   * Rows matching `request` (dates are Beijing days, `until` inclusive), newest first, at most 200.
   * The filter is checked here, whichever adapter passed it: typed text follows the free-text rule.
   */
  async list(staff: SignedInStaff, request: AuditQuery): Promise<AuditEntryView[]> {
    await this.#allow(staff, ['admin'], 'list');
    const query = parseOrThrow(auditQuery, request);
    const rows = await listAudit(this.#db, {
      actor: query.actor || undefined,
      entityType: query.entityType || undefined,
      entityId: query.entityId || undefined,
      from: query.from ? beijingDayStart(query.from) : undefined,
      until: query.until ? new Date(beijingDayStart(query.until).getTime() + 86_400_000) : undefined,
    });
    return rows.map(({ row, actorUsername, actorName }) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: row.actorId !== null && actorUsername !== null ? { id: row.actorId, username: actorUsername, name: actorName ?? actorUsername } : null,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      before: row.before,
      after: row.after,
    }));
  }

  async entityTypes(staff: SignedInStaff): Promise<string[]> {
    await this.#allow(staff, ['admin'], 'list');
    return await auditEntityTypes(this.#db);
  }

  /**
   * Walks the chain a few hundred rows at a time, other requests answered between, from the last
   * checkpoint (`full`: from the first row), then checks the recording files against the hashes it holds.
   */
  async verify(staff: SignedInStaff, options: { full?: boolean } = {}): Promise<AuditChainVerdict> {
    await this.#allow(staff, ['admin', 'supervisor'], 'verify');
    return verifyAuditWithRecordings(this.#db, this.#recordingsDir, options);
  }

  async #allow(staff: SignedInStaff, roles: StaffRole[], what: string): Promise<void> {
    if (!roles.includes(staff.role)) {
      throw await refused(this.#db, { actor: staff, action: 'audit.read_refused', target: { type: 'audit', id: what }, reason: 'FORBIDDEN' });
    }
  }
}

/**
 * The chain check (from the last checkpoint, or `full`) and, given the recordings folder, the recording
 * files' check, always of every file (also `npm run audit:verify`).
 */
export async function verifyAuditWithRecordings(db: Database['db'], recordingsDir: string | undefined, options: { full?: boolean } = {}): Promise<AuditChainVerdict> {
  const chain = await verifyAuditChainStepwise(db, options);
  if (!chain.ok || recordingsDir === undefined) return chain;
  const files = await verifyRecordingFiles(db, recordingsDir);
  if (files.ok) return { ...chain, recordingSegments: files.segments };
  return { ok: false, rows: chain.rows, brokenAtId: files.auditId, recording: { id: files.recordingId, file: files.file, problem: files.problem } };
}

/**
 * A history of finished sessions written straight into a (migrated, demo-seeded) SQLite file, fast:
 * one transaction, prepared statements. For the benchmark's 1 k / 10 k / 50 k rows and for tests that
 * need more than a handful of sessions. Sessions arrive at a steady rate going back from `now`, so a
 * longer history is an older one (the period figures cover about the same number of sessions); most go
 * to 平湖 (330482), whose home clerks take them. Each session leaves the audit rows the service
 * would (started, accepted, ended; rated; case received), chained as appendAudit chains them.
 */
import { createHash } from 'node:crypto';
import type { SqliteDatabase } from '../database';
import { AUDIT_GENESIS, auditRowHash } from '../queries/auditLog';
import { seededRandom as random } from './seededRandom';

export interface SessionHistoryOptions {
  sessions: number;
  /** The newest session is a little before this. */
  now: Date;
  /** Sessions a day over the whole history (default 150: about 50 k a year, the region's scale). */
  perDay?: number;
  /** Sessions left waiting in 330482's queue at the end (default 20). */
  waiting?: number;
  /** PRNG seed (default 1). */
  seed?: number;
}

export interface SessionHistorySummary {
  sessions: number;
  cases: number;
  ratings: number;
  auditRows: number;
  firstAt: Date;
}

const beijingDay = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);

export function writeSessionHistory(database: SqliteDatabase, options: SessionHistoryOptions): SessionHistorySummary {
  const sqlite = database.sqlite;
  const rand = random(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const perDay = options.perDay ?? 150;
  const waitingCount = Math.min(options.waiting ?? 20, options.sessions);
  const spanMs = (options.sessions / perDay) * 86_400_000;
  const end = options.now.getTime() - 60_000;

  type Clerk = { id: number; jurisdiction_code: string; service_point_id: number | null };
  const clerks = sqlite.prepare('SELECT id, role, jurisdiction_code, service_point_id FROM staff WHERE active = 1').all() as (Clerk & { role: string })[];
  const localClerks = clerks.filter((c) => c.role === 'local_clerk' && c.service_point_id !== null);
  const homeClerksOf = (code: string) => clerks.filter((c) => c.role === 'home_clerk' && c.jurisdiction_code === code);
  const homeCodes = [...new Set(clerks.filter((c) => c.role === 'home_clerk').map((c) => c.jurisdiction_code))].sort();
  const mattersOf = new Map<string, number[]>();
  for (const m of sqlite.prepare('SELECT id, home_jurisdiction_code AS code FROM matters').all() as { id: number; code: string }[]) {
    mattersOf.set(m.code, [...(mattersOf.get(m.code) ?? []), m.id]);
  }
  const codes = homeCodes.filter((code) => (mattersOf.get(code)?.length ?? 0) > 0 && homeClerksOf(code).length > 0);
  if (!codes.includes('330482') || localClerks.length === 0) throw new Error('writeSessionHistory needs the demo catalog and accounts');

  const insertSession = sqlite.prepare(
    `INSERT INTO sessions (id, matter_id, home_jurisdiction_code, local_service_point_id, local_clerk_id, home_service_point_id, home_clerk_id,
       citizen_name, citizen_id_number, citizen_phone, status, created_at, accepted_at, ended_at, ended_by_id, end_reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
  );
  const insertRating = sqlite.prepare(
    `INSERT INTO ratings (session_id, token_hash, expires_at, level, is_default, excluded_from_stats, home_clerk_id, local_service_point_id, home_service_point_id, created_at, rated_at)
     VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
  );
  const insertCase = sqlite.prepare(
    `INSERT INTO cases (case_number, session_id, matter_id, home_jurisdiction_code, status, due_date, accepted_at, created_by_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCaseEvent = sqlite.prepare('INSERT INTO case_events (case_id, action, from_status, to_status, actor_id, session_id, at) VALUES (?, ?, NULL, ?, ?, ?, ?)');
  const insertAudit = sqlite.prepare('INSERT INTO audit_log (at, actor_id, action, entity_type, entity_id, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const lastAudit = sqlite.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
  let prevHash = lastAudit?.hash ?? AUDIT_GENESIS;
  const events: { at: number; actorId: number | null; action: string; entityType: string; entityId: string; after: unknown }[] = [];
  const caseNumbers = new Map<string, number>();
  const summary: SessionHistorySummary = { sessions: 0, cases: 0, ratings: 0, auditRows: 0, firstAt: new Date(end - spanMs) };

  sqlite.transaction(() => {
    for (let i = 0; i < options.sessions; i++) {
      const createdAt = Math.round(end - spanMs + (spanMs * i) / options.sessions);
      const waiting = i >= options.sessions - waitingCount;
      const code = waiting || rand() < 0.6 ? '330482' : pick(codes);
      const local = pick(localClerks);
      const home = pick(homeClerksOf(code));
      const matterId = pick(mattersOf.get(code)!);
      const id = `${(0x10000000 + i).toString(16)}-0000-4000-8000-${createHash('sha256').update(String(i)).digest('hex').slice(0, 12)}`;
      const cancelled = !waiting && rand() < 0.03;
      const acceptedAt = waiting || cancelled ? null : createdAt + Math.round(20_000 + rand() * 300_000);
      const endedAt = cancelled ? createdAt + 60_000 : acceptedAt === null ? null : acceptedAt + Math.round(120_000 + rand() * 900_000);
      const status = waiting ? 'waiting' : cancelled ? 'cancelled' : 'ended';
      const idNumber = `330482${19_600_101 + (i % 9_000)}${String(i % 1000).padStart(3, '0')}X`;
      insertSession.run(id, matterId, code, local.service_point_id, local.id, acceptedAt ? home.service_point_id : null, acceptedAt ? home.id : null,
        `市民${i}`, idNumber, '13800000000', status, createdAt, acceptedAt, endedAt, endedAt ? (cancelled ? local.id : home.id) : null);
      summary.sessions += 1;
      events.push({ at: createdAt, actorId: local.id, action: 'session.started', entityType: 'session', entityId: id, after: { status: 'waiting' } });
      if (acceptedAt !== null) events.push({ at: acceptedAt, actorId: home.id, action: 'session.accepted', entityType: 'session', entityId: id, after: { status: 'active' } });
      if (endedAt !== null) events.push({ at: endedAt, actorId: cancelled ? local.id : home.id, action: cancelled ? 'session.cancelled' : 'session.ended', entityType: 'session', entityId: id, after: { status } });
      if (status !== 'ended' || endedAt === null || acceptedAt === null) continue;
      if (rand() < 0.8) {
        const roll = rand();
        const level = roll < 0.9 ? 5 : roll < 0.97 ? 4 : roll < 0.99 ? 3 : roll < 0.995 ? 2 : 1;
        const ratedAt = endedAt + 30_000;
        insertRating.run(id, createHash('sha256').update(`rating:${id}`).digest('hex'), endedAt + 86_400_000, level, 0, home.id, local.service_point_id, home.service_point_id, endedAt, ratedAt);
        summary.ratings += 1;
        events.push({ at: ratedAt, actorId: null, action: 'rating.given', entityType: 'rating', entityId: id, after: { level } });
      }
      if (rand() < 0.4) {
        const day = beijingDay(acceptedAt);
        const prefix = `${code}-${day.replaceAll('-', '')}-`;
        const next = (caseNumbers.get(prefix) ?? 0) + 1;
        caseNumbers.set(prefix, next);
        const caseStatus = rand() < 0.5 ? 'completed' : 'accepted';
        const due = beijingDay(acceptedAt + 20 * 86_400_000);
        const caseId = Number(insertCase.run(`${prefix}${String(next).padStart(4, '0')}`, id, matterId, code, caseStatus, due, acceptedAt + 60_000, home.id, acceptedAt + 50_000, endedAt).lastInsertRowid);
        insertCaseEvent.run(caseId, 'receive', 'received', home.id, id, acceptedAt + 50_000);
        summary.cases += 1;
        events.push({ at: acceptedAt + 50_000, actorId: home.id, action: 'case.received', entityType: 'case', entityId: String(caseId), after: { status: 'received' } });
      }
    }
    // The audit chain in time order, as the service would have appended it.
    events.sort((a, b) => a.at - b.at);
    for (const event of events) {
      const row = { at: new Date(event.at), actorId: event.actorId, action: event.action, entityType: event.entityType, entityId: event.entityId, before: null, after: event.after };
      const hash = auditRowHash(prevHash, row);
      insertAudit.run(event.at, event.actorId, event.action, event.entityType, event.entityId, null, JSON.stringify(event.after), prevHash, hash);
      prevHash = hash;
      summary.auditRows += 1;
    }
  })();
  return summary;
}

/**
 * The lists and figures that grow with the data read ranges of their indexes: EXPLAIN QUERY PLAN of
 * the very statements the queries run (captured through drizzle's logger), on a real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzleOver } from '../database';
import { createTempDatabase, type TempDatabase } from '../testing/tempDatabase';
import { insertNumberedCase, listCases } from './cases';
import { applyDefaultRatings } from './ratings';
import { clerkSessionsPage, openSessions, queuePositionOf, sessionDetailsOfClerkPage, sessionsOfClerkPage, waitingSessionDetails } from './sessions';
import { statisticsDayMarksOf, statisticsDayRowsChunk } from './statisticsDays';
import { statisticsFactsChunk } from './supervision';

describe('query plans of the lists', () => {
  let database: TempDatabase;
  beforeAll(async () => {
    database = await createTempDatabase({ seed: true });
  });
  afterAll(() => database.dispose());

  /** The plan of every statement of `kind` `run` executes, one string per statement (detail lines joined). */
  async function plansOf(run: (db: typeof database.db) => Promise<unknown>, kind = /^\s*select/i): Promise<string[]> {
    const statements: { sql: string; params: unknown[] }[] = [];
    const db = drizzleOver(database.sqlite, { logger: { logQuery: (sql, params) => statements.push({ sql, params }) } });
    await run(db);
    expect(statements.length).toBeGreaterThan(0);
    return statements
      .filter((s) => kind.test(s.sql))
      .map((s) => {
        const rows = database.sqlite.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...(s.params as never[])) as { detail: string }[];
        return rows.map((r) => r.detail).join(' | ');
      });
  }

  // What the server reads every few seconds grows with the sessions ever held unless an index narrows it.
  it('the open sessions (the check for abandoned ones): a range of sessions_status_idx, not every session', async () => {
    const [plan] = await plansOf(async (db) => await openSessions(db));
    expect(plan).toMatch(/SEARCH sessions USING INDEX sessions_status_idx \(status=\?\)/);
    expect(plan).not.toMatch(/SCAN sessions/);
  });

  it('the unrated ratings past their expiry (the default ratings each minute): a range of ratings_unrated_expiry_idx', async () => {
    const [plan] = await plansOf(async (db) => await applyDefaultRatings(db, new Date(), 4), /^\s*update/i);
    expect(plan).toMatch(/SEARCH ratings USING (COVERING )?INDEX ratings_unrated_expiry_idx \(level=\? AND expires_at<\?\)/);
  });

  const page = { limit: 20 };
  const after = { after: [1_800_000_000_000, 'ffffffff-0000-0000-0000-000000000000'] as const, limit: 20 };
  const before = { before: [1_700_000_000_000, '00000000-0000-0000-0000-000000000000'] as const, limit: 20 };

  it.each([
    ['local', 'sessions_local_clerk_idx'],
    ['home', 'sessions_home_clerk_idx'],
  ] as const)('a %s clerk’s sessions: a range of %s, no sort', async (side, index) => {
    for (const request of [page, after, before]) {
      const [plan] = await plansOf(async (db) => await clerkSessionsPage(db, 1, side, request));
      expect(plan).toMatch(new RegExp(`SEARCH sessions USING INDEX ${index} \\(${side}_clerk_id=\\?`));
      expect(plan).not.toMatch(/TEMP B-TREE|SCAN sessions/);
    }
  });

  it.each([
    ['rows', sessionsOfClerkPage],
    ['rows with details', sessionDetailsOfClerkPage],
  ] as const)('the sessions a clerk took part in (%s): one range per side instead of an OR that scans', async (_, read) => {
    for (const request of [page, after, before]) {
      const plans = await plansOf(async (db) => await read(db, 1, request));
      expect(plans).toHaveLength(2);
      expect(plans[0]).toMatch(/SEARCH sessions USING INDEX sessions_local_clerk_idx \(local_clerk_id=\?/);
      expect(plans[1]).toMatch(/SEARCH sessions USING INDEX sessions_home_clerk_idx \(home_clerk_id=\?/);
      for (const plan of plans) expect(plan).not.toMatch(/TEMP B-TREE|SCAN sessions/);
    }
  });

  it('a home jurisdiction’s case list is read in its order from cases_jurisdiction_due_idx, no sort', async () => {
    const cursors = [page, { after: ['2026-12-01', -5] as const, limit: 20 }, { before: ['9999-12-31', -5] as const, limit: 20 }];
    for (const request of cursors) {
      const [plan] = await plansOf(async (db) => await listCases(db, { homeJurisdictionCode: '330482' }, request));
      expect(plan).toMatch(/SEARCH cases USING INDEX cases_jurisdiction_due_idx \(home_jurisdiction_code=\?/);
      expect(plan).not.toMatch(/TEMP B-TREE|SCAN cases/);
    }
    // With the cursor the range starts at the cursor's position (a row-value bound on the index), not at the list's head.
    const [afterPlan] = await plansOf(async (db) => await listCases(db, { homeJurisdictionCode: '330482' }, cursors[1]!));
    expect(afterPlan).toMatch(/cases_jurisdiction_due_idx \(home_jurisdiction_code=\? AND <expr>>\?\)/);
  });

  it('case numbering reads a range of the case number index, not a LIKE scan', async () => {
    const plans: string[] = [];
    const db = drizzleOver(database.sqlite, {
      logger: {
        logQuery: (sql, params) => {
          if (/^\s*select/i.test(sql)) plans.push((database.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params as never[])) as { detail: string }[]).map((r) => r.detail).join(' | '));
        },
      },
    });
    const session = database.sqlite.prepare('SELECT id, matter_id, local_clerk_id FROM sessions LIMIT 1').get() as { id: string; matter_id: number; local_clerk_id: number } | undefined;
    const sessionId = session?.id ?? insertPlanSession(database);
    const row = { sessionId, matterId: 1, homeJurisdictionCode: '330482', createdById: 1, createdAt: new Date() };
    const event = { action: 'received', toStatus: 'received' as const, at: new Date() };
    const first = await insertNumberedCase(db, row, '2026-11-30', event);
    const second = await insertNumberedCase(db, row, '2026-11-30', event);
    expect([first.caseNumber, second.caseNumber]).toEqual(['330482-20261130-0001', '330482-20261130-0002']);
    expect(plans[0]).toMatch(/SEARCH cases USING COVERING INDEX cases_case_number_unique \(case_number>\? AND case_number<\?\)/);
  });

  it('the home queue reads the waiting range of sessions_queue_idx in order (not a whole jurisdiction’s history)', async () => {
    const [plan] = await plansOf(async (db) => await waitingSessionDetails(db, '330482'));
    expect(plan).toMatch(/SEARCH sessions USING INDEX sessions_queue_idx \(home_jurisdiction_code=\? AND status=\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE|SCAN sessions/);
  });

  it('a waiting session’s place in its queue counts over the waiting range of sessions_queue_idx, reading no session row', async () => {
    const waiting = { id: '00000000-0000-4000-9000-000000000001', homeJurisdictionCode: '330482', createdAt: new Date(1_800_000_000_000), status: 'waiting' as const };
    const [plan] = await plansOf(async (db) => await queuePositionOf(db, waiting));
    expect(plan).toMatch(/SEARCH sessions USING COVERING INDEX sessions_queue_idx \(home_jurisdiction_code=\? AND status=\?/);
    expect(plan).not.toMatch(/TEMP B-TREE|SCAN sessions/);
  });

  it('statistics read one jurisdiction’s period as a range of sessions_jurisdiction_created_idx', async () => {
    for (const cursor of [null, [1_800_000_000_000, 'x'] as const]) {
      const [plan] = await plansOf(async (db) => await statisticsFactsChunk(db, '330482', new Date(1_700_000_000_000), cursor, 1000));
      expect(plan).toMatch(/SEARCH sessions USING INDEX sessions_jurisdiction_created_idx \(home_jurisdiction_code=\? AND/);
      expect(plan).not.toMatch(/TEMP B-TREE|SCAN sessions/);
    }
  });

  it('statistics read one day of a jurisdiction as a bounded range of sessions_jurisdiction_created_idx', async () => {
    const [plan] = await plansOf(async (db) => await statisticsFactsChunk(db, '330482', new Date(1_700_000_000_000), null, 250, new Date(1_700_086_400_000)));
    expect(plan).toMatch(/SEARCH sessions USING INDEX sessions_jurisdiction_created_idx \(home_jurisdiction_code=\? AND created_at>\? AND created_at<\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE|SCAN sessions/);
  });

  it('statistics days: the marks and the stored groups of a period are ranges of their primary keys, in order', async () => {
    const [marks] = await plansOf(async (db) => await statisticsDayMarksOf(db, ['330482', '320826'], '2026-11-01', '2026-11-30'));
    expect(marks).toMatch(/SEARCH statistics_day_marks USING INDEX sqlite_autoindex_statistics_day_marks_1 \(jurisdiction_code=\? AND day>\? AND day<\?\)/);
    for (const cursor of [null, ['2026-11-05', 'matter', '3'] as const]) {
      const [plan] = await plansOf(async (db) => await statisticsDayRowsChunk(db, '330482', '2026-11-01', '2026-11-30', cursor, 250));
      expect(plan).toMatch(/SEARCH statistics_days USING INDEX sqlite_autoindex_statistics_days_1 \(jurisdiction_code=\? AND day>\? AND day<\?\)/);
      expect(plan).not.toMatch(/TEMP B-TREE|SCAN statistics_days/);
    }
  });
});

/** One waiting session of the demo catalog, for a case to belong to. */
function insertPlanSession(database: TempDatabase): string {
  const clerk = database.sqlite.prepare("SELECT id, service_point_id FROM staff WHERE username = 'pinghu.local'").get() as { id: number; service_point_id: number };
  const id = '11111111-1111-4111-8111-111111111111';
  database.sqlite
    .prepare(
      `INSERT INTO sessions (id, matter_id, home_jurisdiction_code, local_service_point_id, local_clerk_id, citizen_name, citizen_id_number, citizen_phone, status, created_at)
       VALUES (?, 1, '330482', ?, ?, '测试', '330482199001011234', '13800000000', 'waiting', ?)`,
    )
    .run(id, clerk.service_point_id, clerk.id, Date.now());
  return id;
}

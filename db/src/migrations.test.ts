/**
 * Upgrading a database that already holds data: every committed migration applies on top of the
 * previous ones and keeps what was there (0002 rebuilds the cases table).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, migrationsFolder, openDatabase } from './database';
import { seedDemoData } from './seed';

describe('migrations', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('upgrades a database with a case from 0001 to the latest, keeping the case', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vwindow-migrate-'));
    dirs.push(dir);
    // The migrations as they were at 0001: the same files with the journal cut after the second entry.
    const early = join(dir, 'migrations-0001');
    cpSync(migrationsFolder, early, { recursive: true });
    const journalFile = join(early, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
    journal.entries = journal.entries.slice(0, 2);
    writeFileSync(journalFile, JSON.stringify(journal));

    const database = openDatabase({ file: join(dir, 'db.sqlite'), migrate: false });
    applyMigrations(database.sqlite, early);
    await seedDemoData(database, { passwordHash: { N: 2 ** 10 } });
    const { sqlite } = database;
    const staffId = (sqlite.prepare("SELECT id FROM staff WHERE username = 'lianshui.local'").get() as { id: number }).id;
    const point = (sqlite.prepare('SELECT service_point_id AS id FROM staff WHERE id = ?').get(staffId) as { id: number }).id;
    const matter = sqlite.prepare("SELECT id FROM matters WHERE home_jurisdiction_code = '330482'").get() as { id: number };
    sqlite
      .prepare(
        `INSERT INTO sessions (id, matter_id, home_jurisdiction_code, local_service_point_id, local_clerk_id, citizen_name, citizen_id_number, citizen_phone, status)
         VALUES ('s-1', ?, '330482', ?, ?, '陈先生', '330482198803151234', '13800138000', 'ended')`,
      )
      .run(matter.id, point, staffId);
    sqlite
      .prepare(
        `INSERT INTO cases (case_number, session_id, matter_id, home_jurisdiction_code, status, due_date, created_by_id)
         VALUES ('330482-20261101-0001', 's-1', ?, '330482', 'accepted', '2026-11-20', ?)`,
      )
      .run(matter.id, staffId);

    applyMigrations(database.sqlite);
    const kept = sqlite.prepare('SELECT case_number, status, due_date, accepted_at FROM cases').all();
    expect(kept).toEqual([{ case_number: '330482-20261101-0001', status: 'accepted', due_date: '2026-11-20', accepted_at: null }]);
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['case_events', 'webhook_deliveries', 'rating_appeals', 'calendar_days']));
    database.close();
  });
});

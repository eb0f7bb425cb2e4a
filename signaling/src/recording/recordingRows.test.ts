/**
 * The recorders' rows written in batches, on a real SQLite file: rows that arrive together share one
 * transaction, each comes back as written, the audit chain stays whole, and a row the database
 * refuses fails alone, at once (a database that is away: recordingRows.pg.test.ts).
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingsOfSession, RECORDING_SEGMENT_ACTION, verifyAuditChain } from '@vwindow/db';
import * as schema from '@vwindow/db/schema';
import { createTempDatabase, type TempDatabase } from '@vwindow/db/testing/tempDatabase';
import { createLogger } from '../logger';
import { RecordingRowWriter } from './recordingRows';
import { insertRecordedSession, segmentRow } from './recordingRowsFixture';

describe('recording rows written in batches', () => {
  let database: TempDatabase;
  const sessionId = '00000000-0000-4000-9000-000000000001';
  beforeAll(async () => {
    database = await createTempDatabase({ seed: true });
    await insertRecordedSession(database.db, sessionId);
  });
  afterAll(() => database.dispose());

  const segment = (n: number, id?: string) => segmentRow(sessionId, n, id);

  it('writes rows that arrive together in one transaction, each with its audit row, in order', async () => {
    const writer = new RecordingRowWriter(database.db, { logger: createLogger('silent') });
    const rows = await Promise.all([1, 2, 3, 4, 5].map((n) => writer.write({ row: segment(n) })));
    expect(rows.map((row) => row.file)).toEqual([1, 2, 3, 4, 5].map((n) => segment(n).file));
    // The first row starts a batch on its own; the four that arrived while it was written share the next.
    expect(writer.batches).toBe(2);
    const audit = await database.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, RECORDING_SEGMENT_ACTION));
    expect(audit.map((row) => row.entityId)).toEqual(rows.map((row) => row.id));
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
  });

  it('fails only the row the database refuses; the others of its batch are written', async () => {
    const writer = new RecordingRowWriter(database.db, { logger: createLogger('silent') });
    const taken = (await recordingsOfSession(database.db, sessionId))[0]!.id;
    const results = await Promise.allSettled([writer.write({ row: segment(10) }), writer.write({ row: segment(11) }), writer.write({ row: segment(12, taken) }), writer.write({ row: segment(13) })]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    // The first alone, the three after it together (refused), then each of them alone: no try again.
    expect(writer.batches).toBe(5);
    const files = (await recordingsOfSession(database.db, sessionId)).map((row) => row.file);
    expect(files).toEqual(expect.arrayContaining([segment(10).file, segment(11).file, segment(13).file]));
    expect(files).not.toContain(segment(12).file);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
  });
});

import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../schema';
import { createTempDatabase, type TempDatabase } from '../testing/tempDatabase';
import { AUDIT_GENESIS, appendAudit, verifyAuditChain } from './auditLog';

describe('audit log chain', () => {
  let database: TempDatabase;
  beforeEach(async () => {
    database = await createTempDatabase({ seed: false });
  });
  afterEach(() => database.dispose());

  const append = (i: number) =>
    appendAudit(database.db, { actorId: null, action: 'test.step', entityType: 'test', entityId: String(i), after: { i } });

  it('links each row to the one before', () => {
    const first = append(1);
    const second = append(2);
    expect(first.prevHash).toBe(AUDIT_GENESIS);
    expect(second.prevHash).toBe(first.hash);
    expect(verifyAuditChain(database.db)).toEqual({ ok: true, rows: 2 });
  });

  it('detects one edited row', () => {
    for (let i = 1; i <= 5; i++) append(i);
    database.db.update(auditLog).set({ after: { i: 99 } }).where(eq(auditLog.entityId, '3')).run();
    const third = database.db.select().from(auditLog).where(eq(auditLog.entityId, '3')).get();
    expect(verifyAuditChain(database.db)).toEqual({ ok: false, rows: 3, brokenAtId: third?.id });
  });

  it('detects a deleted row', () => {
    for (let i = 1; i <= 4; i++) append(i);
    database.db.run(sql`DELETE FROM audit_log WHERE entity_id = '2'`);
    expect(verifyAuditChain(database.db)).toMatchObject({ ok: false, rows: 2 });
  });
});

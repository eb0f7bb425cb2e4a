import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../schema';
import { createTempDatabase, type TempDatabase } from '../testing/tempDatabase';
import { AUDIT_GENESIS, appendAudit, verifyAuditChain, verifyAuditChainStepwise } from './auditLog';

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

  describe('walked in steps with turns of the event loop between them', () => {
    const idOf = (i: number) => database.db.select().from(auditLog).where(eq(auditLog.entityId, String(i))).get()!.id;
    beforeEach(() => {
      for (let i = 1; i <= 60; i++) append(i);
    });

    it('passes an intact chain, rows appended during the walk included', async () => {
      let appended = 0;
      const appending = setInterval(() => {
        if (appended < 5) append(1000 + appended++);
      }, 0);
      const verdict = await verifyAuditChainStepwise(database.db, 4);
      clearInterval(appending);
      expect(verdict).toMatchObject({ ok: true });
      expect(verdict.rows).toBeGreaterThanOrEqual(60);
      expect(verifyAuditChain(database.db)).toEqual({ ok: true, rows: 60 + appended });
    });

    it.each([
      ['in the first step', 2],
      ['in a later step', 47],
    ])('detects a changed row %s', async (_where, i) => {
      database.db.update(auditLog).set({ action: 'test.forged' }).where(eq(auditLog.entityId, String(i))).run();
      expect(await verifyAuditChainStepwise(database.db, 8)).toEqual({ ok: false, rows: i, brokenAtId: idOf(i) });
    });

    it.each([
      ['in the first step', 3],
      ['in a later step', 50],
    ])('detects a removed row %s', async (_where, i) => {
      const next = idOf(i + 1);
      database.db.run(sql`DELETE FROM audit_log WHERE entity_id = ${String(i)}`);
      expect(await verifyAuditChainStepwise(database.db, 8)).toEqual({ ok: false, rows: i, brokenAtId: next });
    });

    it('detects a row changed with its own hash made again (the next link breaks)', async () => {
      const row = database.db.select().from(auditLog).where(eq(auditLog.entityId, '30')).get()!;
      const forged = { ...row, after: { i: -1 } };
      const { auditRowHash } = await import('./auditLog');
      database.db.update(auditLog).set({ after: forged.after, hash: auditRowHash(row.prevHash, forged) }).where(eq(auditLog.id, row.id)).run();
      expect(await verifyAuditChainStepwise(database.db, 8)).toEqual({ ok: false, rows: 31, brokenAtId: idOf(31) });
    });
  });
});

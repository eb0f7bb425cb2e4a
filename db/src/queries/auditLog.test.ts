import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../schema';
import { createTempDatabase, type TempDatabase } from '../testing/tempDatabase';
import { AUDIT_GENESIS, appendAudit, lastAuditCheckpoint, verifyAuditChain, verifyAuditChainStepwise } from './auditLog';

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
      const verdict = await verifyAuditChainStepwise(database.db, { rowsPerStep: 4 });
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
      expect(await verifyAuditChainStepwise(database.db, { rowsPerStep: 8 })).toEqual({ ok: false, rows: i, brokenAtId: idOf(i) });
    });

    it.each([
      ['in the first step', 3],
      ['in a later step', 50],
    ])('detects a removed row %s', async (_where, i) => {
      const next = idOf(i + 1);
      database.db.run(sql`DELETE FROM audit_log WHERE entity_id = ${String(i)}`);
      expect(await verifyAuditChainStepwise(database.db, { rowsPerStep: 8 })).toEqual({ ok: false, rows: i, brokenAtId: next });
    });

    it('detects a row changed with its own hash made again (the next link breaks)', async () => {
      const row = database.db.select().from(auditLog).where(eq(auditLog.entityId, '30')).get()!;
      const forged = { ...row, after: { i: -1 } };
      const { auditRowHash } = await import('./auditLog');
      database.db.update(auditLog).set({ after: forged.after, hash: auditRowHash(row.prevHash, forged) }).where(eq(auditLog.id, row.id)).run();
      expect(await verifyAuditChainStepwise(database.db, { rowsPerStep: 8 })).toEqual({ ok: false, rows: 31, brokenAtId: idOf(31) });
    });
  });

  describe('from the last checkpoint', () => {
    const idOf = (i: number) => database.db.select().from(auditLog).where(eq(auditLog.entityId, String(i))).get()!.id;
    beforeEach(async () => {
      for (let i = 1; i <= 20; i++) append(i);
      expect(await verifyAuditChainStepwise(database.db, { rowsPerStep: 8 })).toEqual({ ok: true, rows: 20 });
    });

    it('leaves a checkpoint at the last row found intact and checks only the rows after it', async () => {
      expect(lastAuditCheckpoint(database.db)).toMatchObject({ id: idOf(20), rows: 20 });
      for (let i = 21; i <= 25; i++) append(i);
      expect(await verifyAuditChainStepwise(database.db, { rowsPerStep: 8 })).toEqual({ ok: true, rows: 25, fromRow: 20 });
      expect(lastAuditCheckpoint(database.db)).toMatchObject({ id: idOf(25), rows: 25 });
    });

    it('detects a row changed after the checkpoint', async () => {
      for (let i = 21; i <= 25; i++) append(i);
      database.db.update(auditLog).set({ action: 'test.forged' }).where(eq(auditLog.entityId, '23')).run();
      expect(await verifyAuditChainStepwise(database.db, { rowsPerStep: 8 })).toEqual({ ok: false, rows: 23, brokenAtId: idOf(23), fromRow: 20 });
    });

    it('detects the checkpoint row changed or removed (a chain rewritten up to it)', async () => {
      const row = database.db.select().from(auditLog).where(eq(auditLog.entityId, '20')).get()!;
      const { auditRowHash } = await import('./auditLog');
      const forged = { ...row, after: { i: -1 } };
      database.db.update(auditLog).set({ after: forged.after, hash: auditRowHash(row.prevHash, forged) }).where(eq(auditLog.id, row.id)).run();
      expect(await verifyAuditChainStepwise(database.db)).toEqual({ ok: false, rows: 20, brokenAtId: row.id, fromRow: 20 });
      database.db.run(sql`DELETE FROM audit_log WHERE id = ${row.id}`);
      expect(await verifyAuditChainStepwise(database.db)).toMatchObject({ ok: false, brokenAtId: row.id });
    });

    it('finds a row changed before the checkpoint only in the full check', async () => {
      database.db.update(auditLog).set({ action: 'test.forged' }).where(eq(auditLog.entityId, '5')).run();
      expect(await verifyAuditChainStepwise(database.db)).toEqual({ ok: true, rows: 20, fromRow: 20 });
      expect(await verifyAuditChainStepwise(database.db, { full: true })).toEqual({ ok: false, rows: 5, brokenAtId: idOf(5) });
    });
  });
});

/** The audit chain's append and checks, written once and run on both stores (auditLog.test.ts, auditLog.pg.test.ts). */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, appendAudit, appendAudits, auditRowHash, lastAuditCheckpoint, verifyAuditChain, verifyAuditChainStepwise } from '../queries/auditLog';
import { tablesOf, type Tables } from '../store';
import type { OpenStore, StoreUnderTest } from './storeUnderTest';

export function auditLogContract(store: string, open: OpenStore): void {
  describe(`audit log chain (${store})`, () => {
    let database: StoreUnderTest;
    let auditLog: Tables['auditLog'];
    beforeEach(async () => {
      database = await open({ seed: false });
      auditLog = tablesOf(database.db).auditLog;
    });
    afterEach(async () => await database.dispose());

    const append = async (i: number) =>
      await appendAudit(database.db, { actorId: null, action: 'test.step', entityType: 'test', entityId: String(i), after: { i } });

    it('links each row to the one before', async () => {
      const first = await append(1);
      const second = await append(2);
      expect(first.prevHash).toBe(AUDIT_GENESIS);
      expect(second.prevHash).toBe(first.hash);
      expect(await verifyAuditChain(database.db)).toEqual({ ok: true, rows: 2 });
    });

    it('appends a batch in order, one link after another, among single appends', async () => {
      const first = await append(1);
      const [batch, single] = await Promise.all([
        appendAudits(database.db, [2, 3, 4].map((i) => ({ actorId: null, action: 'test.step', entityType: 'test', entityId: String(i), after: { i } }))),
        append(5),
      ]);
      expect(batch.map((row) => row.entityId)).toEqual(['2', '3', '4']);
      expect(batch[0]!.prevHash === first.hash || batch[0]!.prevHash === single.hash).toBe(true);
      expect(batch[1]!.prevHash).toBe(batch[0]!.hash);
      expect(batch[2]!.prevHash).toBe(batch[1]!.hash);
      expect(await appendAudits(database.db, [])).toEqual([]);
      expect(await verifyAuditChain(database.db)).toEqual({ ok: true, rows: 5 });
    });

    it('detects one edited row', async () => {
      for (let i = 1; i <= 5; i++) await append(i);
      await database.db.update(auditLog).set({ after: { i: 99 } }).where(eq(auditLog.entityId, '3'));
      const [third] = await database.db.select().from(auditLog).where(eq(auditLog.entityId, '3'));
      expect(await verifyAuditChain(database.db)).toEqual({ ok: false, rows: 3, brokenAtId: third?.id });
    });

    it('detects a deleted row', async () => {
      for (let i = 1; i <= 4; i++) await append(i);
      await database.db.delete(auditLog).where(eq(auditLog.entityId, '2'));
      expect(await verifyAuditChain(database.db)).toMatchObject({ ok: false, rows: 2 });
    });

    describe('walked in steps with turns of the event loop between them', () => {
      const idOf = async (i: number) => (await database.db.select().from(auditLog).where(eq(auditLog.entityId, String(i))))[0]!.id;
      beforeEach(async () => {
        for (let i = 1; i <= 60; i++) await append(i);
      });

      it('passes an intact chain, rows appended during the walk included', async () => {
        let appended = 0;
        const appends: Promise<unknown>[] = [];
        const appending = setInterval(() => {
          if (appended < 5) appends.push(append(1000 + appended++));
        }, 0);
        const verdict = await verifyAuditChainStepwise(database.db, { rowsPerStep: 4 });
        clearInterval(appending);
        // On PostgreSQL an append runs on its own pooled connection: some may still be on their way.
        await Promise.all(appends);
        expect(verdict).toMatchObject({ ok: true });
        expect(verdict.rows).toBeGreaterThanOrEqual(60);
        expect(await verifyAuditChain(database.db)).toEqual({ ok: true, rows: 60 + appended });
      });

      it.each([
        ['in the first step', 2],
        ['in a later step', 47],
      ])('detects a changed row %s', async (_where, i) => {
        await database.db.update(auditLog).set({ action: 'test.forged' }).where(eq(auditLog.entityId, String(i)));
        expect(await verifyAuditChainStepwise(database.db, { rowsPerStep: 8 })).toEqual({ ok: false, rows: i, brokenAtId: await idOf(i) });
      });

      it.each([
        ['in the first step', 3],
        ['in a later step', 50],
      ])('detects a removed row %s', async (_where, i) => {
        const next = await idOf(i + 1);
        await database.db.delete(auditLog).where(eq(auditLog.entityId, String(i)));
        expect(await verifyAuditChainStepwise(database.db, { rowsPerStep: 8 })).toEqual({ ok: false, rows: i, brokenAtId: next });
      });

      it('detects a row changed with its own hash made again (the next link breaks)', async () => {
        const row = (await database.db.select().from(auditLog).where(eq(auditLog.entityId, '30')))[0]!;
        const forged = { ...row, after: { i: -1 } };
        await database.db.update(auditLog).set({ after: forged.after, hash: auditRowHash(row.prevHash, forged) }).where(eq(auditLog.id, row.id));
        expect(await verifyAuditChainStepwise(database.db, { rowsPerStep: 8 })).toEqual({ ok: false, rows: 31, brokenAtId: await idOf(31) });
      });
    });

    describe('from the last checkpoint', () => {
      const idOf = async (i: number) => (await database.db.select().from(auditLog).where(eq(auditLog.entityId, String(i))))[0]!.id;
      beforeEach(async () => {
        for (let i = 1; i <= 20; i++) await append(i);
        expect(await verifyAuditChainStepwise(database.db, { rowsPerStep: 8 })).toEqual({ ok: true, rows: 20 });
      });

      it('leaves a checkpoint at the last row found intact and checks only the rows after it', async () => {
        expect(await lastAuditCheckpoint(database.db)).toMatchObject({ id: await idOf(20), rows: 20 });
        for (let i = 21; i <= 25; i++) await append(i);
        expect(await verifyAuditChainStepwise(database.db, { rowsPerStep: 8 })).toEqual({ ok: true, rows: 25, fromRow: 20 });
        expect(await lastAuditCheckpoint(database.db)).toMatchObject({ id: await idOf(25), rows: 25 });
      });

      it('detects a row changed after the checkpoint', async () => {
        for (let i = 21; i <= 25; i++) await append(i);
        await database.db.update(auditLog).set({ action: 'test.forged' }).where(eq(auditLog.entityId, '23'));
        expect(await verifyAuditChainStepwise(database.db, { rowsPerStep: 8 })).toEqual({ ok: false, rows: 23, brokenAtId: await idOf(23), fromRow: 20 });
      });

      it('detects the checkpoint row changed or removed (a chain rewritten up to it)', async () => {
        const row = (await database.db.select().from(auditLog).where(eq(auditLog.entityId, '20')))[0]!;
        const forged = { ...row, after: { i: -1 } };
        await database.db.update(auditLog).set({ after: forged.after, hash: auditRowHash(row.prevHash, forged) }).where(eq(auditLog.id, row.id));
        expect(await verifyAuditChainStepwise(database.db)).toEqual({ ok: false, rows: 20, brokenAtId: row.id, fromRow: 20 });
        await database.db.delete(auditLog).where(eq(auditLog.id, row.id));
        expect(await verifyAuditChainStepwise(database.db)).toMatchObject({ ok: false, brokenAtId: row.id });
      });

      it('finds a row changed before the checkpoint only in the full check', async () => {
        await database.db.update(auditLog).set({ action: 'test.forged' }).where(eq(auditLog.entityId, '5'));
        expect(await verifyAuditChainStepwise(database.db)).toEqual({ ok: true, rows: 20, fromRow: 20 });
        expect(await verifyAuditChainStepwise(database.db, { full: true })).toEqual({ ok: false, rows: 5, brokenAtId: await idOf(5) });
      });
    });
  });
}

/** inTransaction on a real SQLite file: all or nothing, one at a time, and the rule that a body awaits only the database. */
import { count, desc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from './queries/auditLog';
import { auditCheckpoints, auditLog } from './schema';
import { createTempDatabase, type TempDatabase } from './testing/tempDatabase';
import { inTransaction, inTransactionContext, TransactionContextError } from './transaction';

describe('inTransaction', () => {
  let database: TempDatabase;
  beforeEach(async () => {
    database = await createTempDatabase({ seed: false });
  });
  afterEach(() => database.dispose());

  const rows = async () => (await database.db.select({ n: count() }).from(auditLog))[0]!.n;
  const entry = (i: number) => ({ actorId: null, action: 'test.step', entityType: 'test', entityId: String(i) });
  const checkpoint = (auditId: number) => ({ auditId, hash: 'x'.repeat(64), rows: auditId, verifiedAt: new Date() });

  it('commits what the body wrote and returns its value', async () => {
    const id = await inTransaction(database.db, async (tx) => {
      expect(inTransactionContext(database.db)).toBe(true);
      return (await appendAudit(tx, entry(1))).id;
    });
    expect(inTransactionContext(database.db)).toBe(false);
    expect(id).toBe(1);
    expect(await rows()).toBe(1);
  });

  it('rolls back everything when the body throws, and the connection goes on', async () => {
    await expect(
      inTransaction(database.db, async (tx) => {
        await appendAudit(tx, entry(1));
        await tx.insert(auditCheckpoints).values(checkpoint(1));
        throw new Error('refused halfway');
      }),
    ).rejects.toThrow('refused halfway');
    expect(await rows()).toBe(0);
    expect(await database.db.select().from(auditCheckpoints)).toEqual([]);
    expect(database.sqlite.inTransaction).toBe(false);
    await appendAudit(database.db, entry(2));
    expect(await rows()).toBe(1);
  });

  it('runs a transaction begun inside another as a savepoint: rolled back alone when it throws', async () => {
    await inTransaction(database.db, async (tx) => {
      await appendAudit(tx, entry(1));
      await expect(
        inTransaction(tx, async (inner) => {
          await inner.insert(auditCheckpoints).values(checkpoint(1));
          throw new Error('inner refused');
        }),
      ).rejects.toThrow('inner refused');
    });
    expect(await rows()).toBe(1);
    expect(await database.db.select().from(auditCheckpoints)).toEqual([]);
  });

  it('runs two concurrent transactions one after the other, both committed', async () => {
    const steps: string[] = [];
    const body = (name: string) => async () =>
      inTransaction(database.db, async (tx) => {
        for (let i = 0; i < 5; i++) {
          steps.push(`${name}${i}`);
          await appendAudit(tx, entry(i));
          // Reads between the writes: each await is a point where the other could have come in.
          await tx.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
        }
      });
    await Promise.all([body('a')(), body('b')()]);
    expect(steps).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2', 'b3', 'b4']);
    expect(await rows()).toBe(10);
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, rows: 10 });
  });

  it('refuses a statement from outside while a body waits on something other than the database', async () => {
    let outside: unknown = null;
    const transaction = inTransaction(database.db, async (tx) => {
      await appendAudit(tx, entry(1));
      // Breaks the rule: a timer lets another request's statement run inside the open transaction.
      await new Promise((resolve) => setTimeout(resolve, 30));
      await appendAudit(tx, entry(2));
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    try {
      await database.db.insert(auditCheckpoints).values(checkpoint(1));
    } catch (error) {
      outside = error;
    }
    await transaction;
    expect(outside).toBeInstanceOf(TransactionContextError);
    expect((outside as Error).message).toMatch(/must await only the database/);
    // The transaction itself went on and committed; the outside write did not happen.
    expect(await rows()).toBe(2);
    expect(await database.db.select().from(auditCheckpoints)).toEqual([]);
  });

  it('keeps the audit chain without a fork when 50 appends race', async () => {
    const appended = await Promise.all(Array.from({ length: 50 }, (_, i) => appendAudit(database.db, entry(i))));
    expect(new Set(appended.map((row) => row.prevHash)).size).toBe(50);
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, rows: 50 });
  });
});

/** inTransaction on a real SQLite file: all or nothing, one at a time, and other chains' statements kept out of an open transaction. */
import { count, desc, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from './queries/auditLog';
import { auditCheckpoints, auditLog } from './schema';
import { createTempDatabase, type TempDatabase } from './testing/tempDatabase';
import { inTransaction, inTransactionContext } from './transaction';

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

  it('makes a statement from another async chain wait until the open transaction is over', async () => {
    const order: string[] = [];
    const transaction = inTransaction(database.db, async (tx) => {
      await appendAudit(tx, entry(1));
      // A wait that is not the database: another request's statement comes meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 30));
      await appendAudit(tx, entry(2));
      order.push('transaction body done');
      throw new Error('rolled back');
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await database.db.insert(auditCheckpoints).values(checkpoint(1));
    order.push('outside write done');
    await expect(transaction).rejects.toThrow('rolled back');
    // It ran after the transaction, so the rollback did not take it with it.
    expect(order).toEqual(['transaction body done', 'outside write done']);
    expect(await rows()).toBe(0);
    expect(await database.db.select().from(auditCheckpoints)).toHaveLength(1);
    await database.db.delete(auditCheckpoints);
  });

  it('lets another chain read and write between two awaits of a body without failing or joining it', async () => {
    const transaction = inTransaction(database.db, async (tx) => {
      await appendAudit(tx, entry(1));
      await tx.select().from(auditLog);
      throw new Error('rolled back');
    });
    // Started in the same turn: its statements fall between the body's awaits.
    const other = (async () => {
      await Promise.resolve();
      await database.db.insert(auditCheckpoints).values(checkpoint(1));
      return (await database.db.select().from(auditCheckpoints)).length;
    })();
    const [inside, outside] = await Promise.allSettled([transaction, other]);
    expect(inside.status).toBe('rejected');
    expect(outside).toEqual({ status: 'fulfilled', value: 1 });
    expect(await rows()).toBe(0);
    await database.db.delete(auditCheckpoints);
  });

  it('keeps the audit chain without a fork when 50 appends race', async () => {
    const appended = await Promise.all(Array.from({ length: 50 }, (_, i) => appendAudit(database.db, entry(i))));
    expect(new Set(appended.map((row) => row.prevHash)).size).toBe(50);
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, rows: 50 });
  });

  it('runs statements from outside a transaction one per turn of the event loop, in the order they came', async () => {
    // A user function in the SQL marks when SQLite ran each statement; a ticker counts turns.
    const ran: Array<[string, number]> = [];
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    database.sqlite.function('mark', (label: unknown) => {
      ran.push([String(label), turns]);
      return 1;
    });
    const mark = (label: string) => database.db.get(sql`select mark(${label})`);
    // Ten requests at once, two statements each.
    await Promise.all(Array.from({ length: 10 }, async (_, i) => {
      await mark(`${i}a`);
      await mark(`${i}b`);
    }));
    ticking = false;
    expect(ran.map(([label]) => label).slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `${i}a`));
    expect(ran).toHaveLength(20);
    // Never two statements on one turn, so timers and sockets get a turn between any two.
    expect(new Set(ran.map(([, turn]) => turn)).size).toBe(20);
  });
});

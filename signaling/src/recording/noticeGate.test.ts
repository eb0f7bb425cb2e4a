/**
 * The call gate a queue shows: which waiting sessions may start their call (recording not required for
 * their matter or jurisdiction, or the notice confirmed), asked for a whole queue at once, on a real
 * SQLite file, with a number of statements that does not grow with the queue.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzleOver, findSession, insertRecordingNotice, insertSession, setMatterRecordingRequired, setRecordingPolicy, type SessionRow } from '@vwindow/db';
import * as schema from '@vwindow/db/schema';
import { createTempDatabase, type TempDatabase } from '@vwindow/db/testing/tempDatabase';
import { RecordingLibrary } from './RecordingLibrary';

describe('the recording notice as a call gate for a queue', () => {
  let database: TempDatabase;
  let local: { id: number; servicePointId: number };
  let counter = 0;
  beforeAll(async () => {
    database = await createTempDatabase({ seed: true });
    const [row] = await database.db.select().from(schema.staff).where(eq(schema.staff.username, 'pinghu.local'));
    if (!row) throw new Error('the demo data has no pinghu.local');
    local = { id: row.id, servicePointId: row.servicePointId! };
  });
  afterAll(() => database.dispose());

  async function waiting(matterId: number, homeJurisdictionCode = '330482'): Promise<SessionRow> {
    counter += 1;
    const id = `00000000-0000-4000-9000-${String(counter).padStart(12, '0')}`;
    await insertSession(database.db, {
      id,
      matterId,
      homeJurisdictionCode,
      localServicePointId: local.servicePointId,
      localClerkId: local.id,
      citizenName: '测试',
      citizenIdNumber: '330482199001011234',
      citizenPhone: '13800000000',
      createdAt: new Date(),
    });
    return (await findSession(database.db, id))!;
  }

  /** The library over a connection that counts the statements it runs. */
  function countingLibrary() {
    let statements = 0;
    const db = drizzleOver(database.sqlite, { logger: { logQuery: () => statements++ } });
    const library = new RecordingLibrary({ database: { ...database, db }, dir: database.dir });
    return { library, statements: () => statements };
  }

  it('open: not required for the matter, or required and confirmed; closed: required and not confirmed', async () => {
    await setMatterRecordingRequired(database.db, 2, false);
    const unconfirmed = await waiting(1);
    const confirmed = await waiting(1);
    const notRequired = await waiting(2);
    await insertRecordingNotice(database.db, { sessionId: confirmed.id, confirmedById: local.id, confirmedAt: new Date(), notice: '本次服务全程录音录像' });
    const { library } = countingLibrary();
    const open = await library.noticeSatisfiedAmong([unconfirmed, confirmed, notRequired]);
    expect([...open].sort()).toEqual([confirmed.id, notRequired.id].sort());
    // One at a time, the same answers.
    expect(await Promise.all([unconfirmed, confirmed, notRequired].map((s) => library.noticeSatisfied(s)))).toEqual([false, true, true]);
    // A jurisdiction that does not require it opens its sessions without a notice.
    await setRecordingPolicy(database.db, '330482', { required: false, retentionDays: 180 });
    expect((await library.noticeSatisfiedAmong([unconfirmed])).has(unconfirmed.id)).toBe(true);
    await setRecordingPolicy(database.db, '330482', { required: true, retentionDays: 180 });
  });

  it('a queue of 30 costs as many statements as a queue of 3 (policies once per matter, notices in one query)', async () => {
    const small: SessionRow[] = [];
    for (let i = 0; i < 3; i++) small.push(await waiting(1));
    const large: SessionRow[] = [];
    for (let i = 0; i < 30; i++) large.push(await waiting(1));
    const counted = async (queue: SessionRow[]) => {
      const { library, statements } = countingLibrary();
      await library.noticeSatisfiedAmong(queue);
      return statements();
    };
    expect(await counted(large)).toBe(await counted(small));
    expect(await counted(large)).toBeLessThanOrEqual(3);
  });
});

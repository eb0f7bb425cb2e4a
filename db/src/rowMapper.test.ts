import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSession } from './queries/sessions';
import { withCompiledMapper } from './rowMapper';
import * as schema from './schema';
import { createTempDatabase, type TempDatabase } from './testing/tempDatabase';

describe('a prepared query’s compiled row mapper', () => {
  let database: TempDatabase;
  beforeAll(async () => {
    database = await createTempDatabase({ seed: true });
    const staff = await database.db.select().from(schema.staff);
    const local = staff.find((s) => s.username === 'pinghu.local')!;
    const home = staff.find((s) => s.username === 'pinghu.home')!;
    for (let i = 0; i < 4; i++) {
      const id = `00000000-0000-4000-8000-00000000000${i}`;
      await insertSession(database.db, {
        id,
        matterId: 1,
        homeJurisdictionCode: '330482',
        localServicePointId: local.servicePointId!,
        localClerkId: local.id,
        citizenName: '测试',
        citizenIdNumber: '330482199001011234',
        citizenPhone: '13800000000',
        createdAt: new Date(Date.UTC(2026, 10, 1, 0, i)),
      });
      if (i % 2 === 1) await database.db.update(schema.sessions).set({ homeClerkId: home.id, status: 'active', acceptedAt: new Date(Date.UTC(2026, 10, 1, 1, i)) }).where(eq(schema.sessions.id, id));
    }
  });
  afterAll(() => database.dispose());

  it('gives what drizzle’s own mapping gives: decoded values, nested objects, a left join that found nothing as null', async () => {
    const homeClerk = alias(schema.staff, 'home_clerk');
    const build = () =>
      database.db
        .select({
          session: schema.sessions,
          matter: { id: schema.matters.id, name: schema.matters.name },
          homeClerk: { id: homeClerk.id, name: homeClerk.displayName, active: homeClerk.active },
          homeClerkName: homeClerk.displayName,
        })
        .from(schema.sessions)
        .innerJoin(schema.matters, eq(schema.matters.id, schema.sessions.matterId))
        .leftJoin(homeClerk, eq(homeClerk.id, schema.sessions.homeClerkId))
        .orderBy(schema.sessions.createdAt);
    const drizzles = await build().prepare().execute();
    const compiled = await withCompiledMapper(build().prepare()).execute();
    expect(compiled).toEqual(drizzles);
    expect(compiled.map((row) => row.homeClerk === null)).toEqual([true, false, true, false]);
    expect(compiled[1]!.session.acceptedAt).toBeInstanceOf(Date);
    expect(compiled[1]!.homeClerk?.active).toBe(true);
  });
});

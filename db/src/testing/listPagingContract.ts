/**
 * Keyset pages: walking a list page by page while rows are added gives every row that was there at the
 * start exactly once, forwards (next) and backwards (previous). Written once, run on both stores
 * (listPaging.test.ts on a SQLite file, listPaging.pg.test.ts on PostgreSQL).
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageOf, type Page, type PageKey, type PageRequest } from '@vwindow/signaling/protocol/paging';
import { caseListPageKey, insertNumberedCase, listCases } from '../queries/cases';
import { clerkSessionsPage, insertSession, sessionDetails, sessionDetailsOfClerkPage, sessionListKey, sessionsOfClerkPage } from '../queries/sessions';
import { tablesOf } from '../store';
import type { OpenStore, StoreUnderTest } from './storeUnderTest';

export function listPagingContract(store: string, open: OpenStore): void {
  describe(`keyset pages while rows are added (${store})`, () => {
    let database: StoreUnderTest;
    let local: { id: number; servicePointId: number };
    let home: { id: number };
    let counter = 0;
    const tables = () => tablesOf(database.db);
    beforeAll(async () => {
      database = await open({ seed: true });
      const { staff } = tables();
      const byName = async (username: string) => (await database.db.select().from(staff).where(eq(staff.username, username)))[0]!;
      const localRow = await byName('pinghu.local');
      local = { id: localRow.id, servicePointId: localRow.servicePointId! };
      home = { id: (await byName('pinghu.home')).id };
    });
    afterAll(async () => await database?.dispose());

    const base = Date.parse('2026-11-01T00:00:00Z');
    /** A session of the local clerk at `minute` (several share a minute: the id breaks the tie); every third taken by the home clerk. */
    async function addSession(minute: number): Promise<string> {
      counter += 1;
      const id = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
      await insertSession(database.db, {
        id,
        matterId: 1,
        homeJurisdictionCode: '330482',
        localServicePointId: local.servicePointId,
        localClerkId: local.id,
        citizenName: '测试',
        citizenIdNumber: '330482199001011234',
        citizenPhone: '13800000000',
        createdAt: new Date(base + minute * 60_000),
      });
      const { sessions } = tables();
      if (counter % 3 === 0) await database.db.update(sessions).set({ homeClerkId: home.id, status: 'active' }).where(eq(sessions.id, id));
      return id;
    }

    /** Walks all pages forwards, calling `between` after each, then back from the last page; returns the ids in both walks. */
    async function walk<T>(read: (request: PageRequest) => Promise<Page<T>>, idOf: (row: T) => string, between: () => Promise<void>): Promise<{ forward: string[]; backward: string[] }> {
      const forward: string[] = [];
      let page = await read({ limit: 7 });
      const pages = [page];
      forward.push(...page.items.map(idOf));
      while (page.next) {
        await between();
        page = await read({ after: decode(page.next), limit: 7 });
        pages.push(page);
        forward.push(...page.items.map(idOf));
      }
      const backward: string[] = [...page.items.map(idOf)];
      while (page.previous) {
        await between();
        page = await read({ before: decode(page.previous), limit: 7 });
        backward.unshift(...page.items.map(idOf));
      }
      expect(pages.length).toBeGreaterThan(3);
      return { forward, backward };
    }

    it('a clerk’s sessions (one side, and either side merged): none repeated, none missing', async () => {
      for (let i = 0; i < 40; i++) await addSession(Math.floor(i / 3) * 10);
      type Read = (request: PageRequest) => Promise<Page<{ id: string }>>;
      const sides: [string, Read][] = [
        ['local side', async (request) => pageOf(await clerkSessionsPage(database.db, local.id, 'local', request), request, sessionListKey)],
        ['either side', async (request) => pageOf(await sessionsOfClerkPage(database.db, local.id, request), request, sessionListKey)],
        [
          'either side, with details',
          async (request) => {
            const page = pageOf(await sessionDetailsOfClerkPage(database.db, local.id, request), request, (details) => sessionListKey(details.session));
            return { ...page, items: page.items.map((details) => details.session) };
          },
        ],
        ['home side', async (request) => pageOf(await clerkSessionsPage(database.db, home.id, 'home', request), request, sessionListKey)],
      ];
      for (const [name, read] of sides) {
        const before = (await read({ limit: 1000 })).items.map((row) => row.id);
        let minute = 0;
        // New sessions land both at the head (newest) and inside the list (an older time), while paging.
        const { forward, backward } = await walk(read, (row) => row.id, async () => {
          await addSession(10_000 + minute++);
          await addSession(55 + (minute % 7));
        });
        for (const ids of [forward, backward]) {
          expect(new Set(ids).size, name).toBe(ids.length);
          expect(ids.filter((id) => before.includes(id)), name).toEqual(before);
        }
      }
    });

    it('a prepared list maps its rows as drizzle does (rowMapper.ts): the same sessions read one by one', async () => {
      // Waiting ones (no home clerk: its left joins find nothing) and taken ones, and one ended by the home clerk.
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push(await addSession(20_000 + i));
      const { sessions } = tables();
      await database.db.update(sessions).set({ status: 'ended', endedById: home.id, endedAt: new Date(base) }).where(eq(sessions.id, ids[2]!));
      const page = await sessionDetailsOfClerkPage(database.db, local.id, { limit: 6 });
      const listed = page.filter((details) => ids.includes(details.session.id));
      expect(listed.map((details) => details.session.id).sort()).toEqual([...ids].sort());
      for (const details of listed) expect(details).toEqual(await sessionDetails(database.db, details.session.id));
      expect(listed.some((details) => details.homeClerkName === null)).toBe(true);
      expect(listed.some((details) => details.endedByName !== null)).toBe(true);
    });

    it('the case list (due date, undated last, newest first): none repeated, none missing', async () => {
      const sessionId = await addSession(1);
      const event = { action: 'received', toStatus: 'received' as const, at: new Date() };
      let day = 0;
      const addCase = async (due: string | null) => {
        const row = await insertNumberedCase(database.db, { sessionId, matterId: 1, homeJurisdictionCode: '330482', createdById: local.id, createdAt: new Date() }, `2026-11-${String((day++ % 28) + 1).padStart(2, '0')}`, event);
        const { cases } = tables();
        await database.db.update(cases).set({ dueDate: due }).where(eq(cases.id, row.id));
      };
      const dues = ['2026-12-01', '2026-12-05', null, '2026-12-03', null, '2026-12-01'];
      for (let i = 0; i < 40; i++) await addCase(dues[i % dues.length]!);
      const read = async (request: PageRequest) => pageOf(await listCases(database.db, { homeJurisdictionCode: '330482' }, request), request, ({ c }) => caseListPageKey(c));
      const before = (await read({ limit: 1000 })).items.map(({ c }) => String(c.id));
      let i = 0;
      const { forward, backward } = await walk(read, ({ c }) => String(c.id), async () => await addCase(dues[i++ % dues.length]!));
      for (const ids of [forward, backward]) {
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.filter((id) => before.includes(id))).toEqual(before);
      }
      // The order: due dates ascending, undated last, newest first within a date.
      const keys = (await read({ limit: 1000 })).items.map(({ c }) => caseListPageKey(c));
      expect(keys).toEqual([...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : Number(a[1]) - Number(b[1]))));
      expect(keys.at(-1)?.[0]).toBe('9999-12-31');
    });
  });

}

function decode(cursor: string): PageKey {
  return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as PageKey;
}

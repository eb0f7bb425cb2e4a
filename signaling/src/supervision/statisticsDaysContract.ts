/**
 * The supervisor's figures summed from days equal the plain computation from every session
 * (statisticsOf(readStatisticsFacts(…)): groups, medians, rates and the order of the rows), over a
 * random history of six weeks written through the queries the services use, and again after facts of
 * past days change (a late rating, expired ratings defaulted, an appeal upheld, a case received late, a
 * supplement asked for, a waiting session cancelled and an active one ended days later). Written once,
 * run on both stores: statisticsDays.test.ts (a SQLite file) and statisticsDays.pg.test.ts.
 */
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptWaitingSession,
  applyDefaultRatings,
  cancelWaitingSession,
  endActiveSession,
  inTransaction,
  insertCaseNotice,
  insertNumberedCase,
  insertSession,
  openRating,
  setExcludedFromStats,
  submitRating,
  tablesOf,
  writeStatisticsDay,
  type Database,
} from '@vwindow/db';
import { CatalogService } from '../catalog/CatalogService';
import { beijingDate } from '../cases/workingDays';
import type { SignedInStaff, StatisticsPeriod } from '../protocol';
import { refreshStatisticsDays } from './statisticsDays';
import { readStatisticsFacts, statisticsOf } from './statisticsFigures';
import { SupervisionService } from './SupervisionService';
import { seededRandom as random } from '@vwindow/db/testing/seededRandom';

export type OpenStatisticsStore = () => Promise<{ database: Database; dispose(): Promise<void> }>;

const now = new Date('2026-11-30T06:00:00Z');
const DAY = 86_400_000;
const periods: StatisticsPeriod[] = ['today', '7d', '30d'];
/** 浦东: two matters, one home clerk. */
const QUIET_CODE = '310115';

interface Made {
  id: string;
  code: string;
  createdAt: Date;
  status: 'waiting' | 'active' | 'ended' | 'cancelled';
  endedAt: Date | null;
  homeClerkId: number | null;
  tokenHash: string | null;
  rated: boolean;
  caseId: number | null;
}

export function statisticsDaysContract(store: string, open: OpenStatisticsStore, sessionCount: number): void {
  describe(`statistics summed from days (${store})`, () => {
    let database: Database;
    let dispose: () => Promise<void>;
    let service: SupervisionService;
    let catalog: CatalogService;
    let supervisors: SignedInStaff[];
    const made: Made[] = [];
    /** Left out of the random history, for the order of groups of equal size. */
    let quiet: { locals: { id: number; servicePointId: number | null }[]; home: { id: number; servicePointId: number | null }; matters: number[] };
    const rand = random(17);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const db = () => database.db;

    beforeAll(async () => {
      ({ database, dispose } = await open());
      catalog = new CatalogService({ database });
      service = new SupervisionService({ database, catalog, now: () => now });
      const { matters, staff } = tablesOf(db());
      const people = await db().select().from(staff).where(eq(staff.active, true));
      const locals = people.filter((p) => p.role === 'local_clerk' && p.servicePointId !== null);
      const homes = people.filter((p) => p.role === 'home_clerk');
      const matterRows = await db().select({ id: matters.id, code: matters.homeJurisdictionCode }).from(matters);
      const codes = [...new Set(homes.map((h) => h.jurisdictionCode))].filter((code) => matterRows.some((m) => m.code === code)).sort();
      expect(codes.length).toBeGreaterThan(2);
      quiet = { locals: locals.slice(0, 2), home: homes.find((h) => h.jurisdictionCode === QUIET_CODE)!, matters: matterRows.filter((m) => m.code === QUIET_CODE).map((m) => m.id) };
      const asSupervisor = (id: number, jurisdictionCode: string): SignedInStaff => ({ id, username: 'supervisor', displayName: '', role: 'supervisor', jurisdictionCode, jurisdictionName: '', servicePointId: null, servicePointName: null });
      const realSupervisors = people.filter((p) => p.role === 'supervisor').map((p) => asSupervisor(p.id, p.jurisdictionCode));
      supervisors = [...realSupervisors, ...[...new Set(codes.map((c) => `${c.slice(0, 2)}0000`))].map((code) => asSupervisor(realSupervisors[0]!.id, code))];

      let previous = 0;
      for (let i = 0; i < sessionCount; i++) {
        const code = rand() < 0.5 ? '330482' : pick(codes.filter((c) => c !== QUIET_CODE));
        const local = pick(locals);
        const home = pick(homes.filter((h) => h.jurisdictionCode === code));
        // Six weeks back from now, a tenth of them today; now and then two sessions created in the same millisecond (the id orders them).
        const at = i % 13 === 5 ? previous : rand() < 0.1 ? now.getTime() - Math.floor(rand() * 5 * 3_600_000) : now.getTime() - Math.floor(rand() * 42 * DAY);
        previous = at;
        const createdAt = new Date(at);
        const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        await insertSession(db(), { id, matterId: pick(matterRows.filter((m) => m.code === code)).id, homeJurisdictionCode: code, localServicePointId: local.servicePointId!, localClerkId: local.id, citizenName: '测试', citizenIdNumber: '330482199001011234', citizenPhone: '13800000000', createdAt });
        const session: Made = { id, code, createdAt, status: 'waiting', endedAt: null, homeClerkId: null, tokenHash: null, rated: false, caseId: null };
        made.push(session);
        const roll = rand();
        if (roll < 0.05) continue;
        if (roll < 0.1) {
          await cancelWaitingSession(db(), { id, byId: local.id, at: new Date(at + 60_000) });
          session.status = 'cancelled';
          continue;
        }
        const acceptedAt = new Date(at + 5_000 + Math.floor(rand() * 600_000));
        await acceptWaitingSession(db(), { id, homeClerkId: home.id, homeServicePointId: home.servicePointId, jurisdictionCode: code, at: acceptedAt });
        Object.assign(session, { status: 'active', homeClerkId: home.id });
        if (roll < 0.15) continue;
        const endedAt = new Date(acceptedAt.getTime() + 60_000 + Math.floor(rand() * 1_800_000));
        await endActiveSession(db(), { id, byId: home.id, at: endedAt });
        Object.assign(session, { status: 'ended', endedAt });
        if (rand() < 0.8) {
          session.tokenHash = `token-${id}`;
          await openRating(db(), { sessionId: id, tokenHash: session.tokenHash, expiresAt: new Date(endedAt.getTime() + 3 * DAY), homeClerkId: home.id, localServicePointId: local.servicePointId, homeServicePointId: home.servicePointId, createdAt: endedAt });
          if (rand() < 0.8) {
            const level = pick([5, 5, 5, 5, 4, 4, 3, 2, 1]);
            await submitRating(db(), session.tokenHash, { level, reasons: [], comment: null, at: new Date(endedAt.getTime() + 60_000) });
            session.rated = true;
          }
        }
        if (rand() < 0.4) session.caseId = await receiveCase(session, home.id, acceptedAt);
        if (session.caseId !== null && rand() < 0.3) await askForSupplement(session.caseId, home.id, endedAt);
      }
    });
    afterAll(async () => await dispose?.());

    async function receiveCase(session: Made, clerkId: number, at: Date): Promise<number> {
      const { sessions } = tablesOf(db());
      const [row] = await db().select({ matterId: sessions.matterId }).from(sessions).where(eq(sessions.id, session.id));
      const kase = await insertNumberedCase(db(), { sessionId: session.id, matterId: row!.matterId, homeJurisdictionCode: session.code, createdById: clerkId, createdAt: at }, beijingDate(at), {
        action: 'receive',
        fromStatus: null,
        toStatus: 'received',
        actorId: clerkId,
        sessionId: session.id,
        at,
      });
      return kase.id;
    }

    async function askForSupplement(caseId: number, clerkId: number, at: Date): Promise<void> {
      const contact = { jurisdictionName: '平湖市', servicePointName: '专窗', clerkName: '沈佳怡', localServicePointName: '收件窗口' };
      await inTransaction(db(), async (tx) => {
        await insertCaseNotice(tx, { caseId, kind: 'supplement', items: [{ material: '身份证', reason: '不清晰' }], reason: null, legalBasis: '行政许可法第三十二条', deadline: '2026-12-07', contact, issuedById: clerkId, issuedAt: at });
      });
    }

    /** The plain computation: every session of the period read and grouped (the figures before daily aggregates). */
    async function reference(who: SignedInStaff, period: StatisticsPeriod, since: string) {
      return await statisticsOf(await readStatisticsFacts(db(), await catalog.coveredCodes(who), new Date(since)), period, new Date(since));
    }

    async function expectSameAsPlain(): Promise<void> {
      for (const who of supervisors) {
        for (const period of periods) {
          const answer = await service.statistics(who, period);
          expect(answer, `${who.jurisdictionCode} ${period}`).toEqual(await reference(who, period, answer.since));
        }
      }
    }

    const pastDays = (list: Made[]) => list.filter((s) => beijingDate(s.createdAt) < beijingDate(now));

    it('equals the plain computation for every period and supervisor, rows in the same order', async () => {
      const answer = await service.statistics(supervisors.find((s) => s.jurisdictionCode === '330482')!, '30d');
      expect(answer.total.sessions).toBeGreaterThan(sessionCount / 5);
      expect(answer.byClerk.length).toBeGreaterThan(1);
      expect(answer.total.medianWaitSeconds).not.toBeNull();
      expect(answer.total.supplementPercent).not.toBeNull();
      await expectSameAsPlain();
    });

    it('orders groups of equal size as the plain computation meets them: by day, then (created at, id)', async () => {
      const [a, b] = quiet.locals;
      const [m1, m2] = quiet.matters;
      const day = (back: number, time: string) => new Date(Date.parse(`${beijingDate(new Date(now.getTime() - back * DAY))}T${time}+08:00`));
      // Two sessions in the same millisecond (the id decides: "a" before "b"), then two more a day later
      // in the other order: every matter and service point has two sessions, the first met wins.
      const plan = [
        { id: 'quiet-b', at: day(3, '10:00:00.000'), matterId: m1!, local: a! },
        { id: 'quiet-a', at: day(3, '10:00:00.000'), matterId: m2!, local: b! },
        { id: 'quiet-c', at: day(2, '09:00:00.000'), matterId: m1!, local: b! },
        { id: 'quiet-d', at: day(2, '09:05:00.000'), matterId: m2!, local: a! },
      ];
      for (const [i, p] of plan.entries()) {
        await insertSession(db(), { id: p.id, matterId: p.matterId, homeJurisdictionCode: QUIET_CODE, localServicePointId: p.local.servicePointId!, localClerkId: p.local.id, citizenName: '测试', citizenIdNumber: '310115199001011234', citizenPhone: '13800000000', createdAt: p.at });
        const acceptedAt = new Date(p.at.getTime() + 1_000 * (i + 1));
        await acceptWaitingSession(db(), { id: p.id, homeClerkId: quiet.home.id, homeServicePointId: quiet.home.servicePointId, jurisdictionCode: QUIET_CODE, at: acceptedAt });
        await endActiveSession(db(), { id: p.id, byId: quiet.home.id, at: new Date(acceptedAt.getTime() + 1_500) });
      }
      const who = { ...supervisors[0]!, jurisdictionCode: QUIET_CODE };
      const answer = await service.statistics(who, '7d');
      expect(answer.byMatter.map((r) => [r.key, r.sessions])).toEqual([[String(m2), 2], [String(m1), 2]]);
      expect(answer.byServicePoint.map((r) => r.key)).toEqual([String(b!.servicePointId), String(a!.servicePointId)]);
      // Waits of 1–4 s and handling of 1.5 s: the medians are means of two middle values, rounded half up.
      expect([answer.total.medianWaitSeconds, answer.total.medianHandlingSeconds]).toEqual([3, 2]);
      expect(answer).toEqual(await reference(who, '7d', answer.since));
    });

    it('computes each past day once, and again only the days whose facts changed', async () => {
      const codes = [...new Set(made.map((s) => s.code))];
      const fromDay = beijingDate(new Date(now.getTime() - 29 * DAY));
      const today = beijingDate(now);
      await service.statistics(supervisors[0]!, '30d');
      expect(await refreshStatisticsDays(db(), codes, fromDay, today)).toBe(0);
      const rated = pastDays(made).find((s) => s.rated && beijingDate(s.createdAt) >= fromDay)!;
      const { ratings } = tablesOf(db());
      const [rating] = await db().select({ id: ratings.id }).from(ratings).where(eq(ratings.sessionId, rated.id));
      await setExcludedFromStats(db(), rating!.id, true);
      expect(await refreshStatisticsDays(db(), codes, fromDay, today)).toBe(1);
      expect(await refreshStatisticsDays(db(), codes, fromDay, today)).toBe(0);
      await setExcludedFromStats(db(), rating!.id, false);
    });

    it('sees facts of past days change: late ratings, defaults, appeals, cases, supplements, cancels, ends', async () => {
      const before = await service.statistics(supervisors.find((s) => s.jurisdictionCode === '330482')!, '30d');
      const past = pastDays(made);
      // A late rating (before its link expires), and every expired open one defaulted to 基本满意.
      const open = past.filter((s) => s.tokenHash !== null && !s.rated);
      expect(open.length).toBeGreaterThan(2);
      await submitRating(db(), open[0]!.tokenHash!, { level: 1, reasons: [], comment: null, at: new Date(open[0]!.endedAt!.getTime() + 2 * DAY) });
      expect(await applyDefaultRatings(db(), now, 3)).toBeGreaterThan(0);
      // Appeals upheld on some ratings.
      const { ratings } = tablesOf(db());
      const given = await db().select({ id: ratings.id }).from(ratings).where(and(isNotNull(ratings.level), eq(ratings.excludedFromStats, false)));
      for (const row of given.filter((_, i) => i % 7 === 0)) await setExcludedFromStats(db(), row.id, true);
      // Cases received days later, and supplements asked for on old cases.
      const ended = past.filter((s) => s.status === 'ended');
      for (const session of ended.filter((s) => s.caseId === null).slice(0, 6)) session.caseId = await receiveCase(session, session.homeClerkId!, now);
      for (const session of ended.filter((s) => s.caseId !== null).slice(0, 8)) await askForSupplement(session.caseId!, session.homeClerkId!, now);
      // Sessions of past days still waiting are cancelled, active ones ended, today.
      for (const session of past.filter((s) => s.status === 'waiting')) {
        expect(await cancelWaitingSession(db(), { id: session.id, byId: null, at: now })).not.toBeNull();
        session.status = 'cancelled';
      }
      for (const session of past.filter((s) => s.status === 'active')) {
        expect(await endActiveSession(db(), { id: session.id, byId: session.homeClerkId, at: now })).not.toBeNull();
        session.status = 'ended';
      }
      const after = await service.statistics(supervisors.find((s) => s.jurisdictionCode === '330482')!, '30d');
      expect(after).not.toEqual(before);
      await expectSameAsPlain();
    });

    it('computes days it never saw (figures of a database from before, or rows written straight in) on first use', async () => {
      const { sessions, statisticsDayMarks, statisticsDays } = tablesOf(db());
      await db().delete(statisticsDays);
      await db().delete(statisticsDayMarks);
      // A fact changed without the queries (as a tool might): seen once its day is computed for the first time.
      const target = pastDays(made).find((s) => s.status === 'ended' && beijingDate(s.createdAt) > beijingDate(new Date(now.getTime() - 6 * DAY)))!;
      await db().update(sessions).set({ status: 'cancelled' }).where(and(eq(sessions.id, target.id), isNull(sessions.endReason)));
      await expectSameAsPlain();
      const marks = await db().select().from(statisticsDayMarks);
      expect(marks.length).toBeGreaterThan(29);
      expect(marks.every((mark) => mark.computedVersion === mark.version)).toBe(true);
    });

    it('keeps the figures of the newest facts when two computations of a day race', async () => {
      const { statisticsDayMarks } = tablesOf(db());
      const [mark] = await db().select().from(statisticsDayMarks).limit(1);
      // A computation from older facts than those already stored is not written.
      expect(await writeStatisticsDay(db(), mark!.jurisdictionCode, mark!.day, mark!.version - 1, [])).toBe(false);
      expect(await writeStatisticsDay(db(), mark!.jurisdictionCode, mark!.day, mark!.version, [])).toBe(false);
      await expectSameAsPlain();
    });
  });
}

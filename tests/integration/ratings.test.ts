/**
 * 好差评 against the real server: one-time links, bad input refused with nothing stored, default at
 * expiry, follow-ups of bad ratings, appeals, statistics, and 200 concurrent ratings for 200 sessions.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUps, matters, ratings } from '../support/tables';
import type { FollowUpView, RatingLink, RatingPage, Statistics } from '../../signaling/src/protocol';
import { activeSession, call, type Clerks } from '../support/sessionSteps';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';

type Body = { error: { code: string; message: string } };

describe('ratings', () => {
  let server: TestServer;
  let clerks: Clerks;
  let supervisor: string;
  let matterId: number;

  const endedSession = async () => {
    const session = await activeSession(clerks, matterId);
    await call(server.url, clerks.home, 'POST', `/sessions/${session.id}/end`);
    const link = await call<{ link: RatingLink }>(server.url, clerks.local, 'GET', `/sessions/${session.id}/rating-link`);
    return { session, token: link.body.link.path.split('/').pop()!, link: link.body.link };
  };
  const rate = (token: string, body: unknown) =>
    fetch(`${server.url}/api/public/ratings/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const storedRatings = async () => (await server.services.database.db.select().from(ratings).where(sql`${ratings.level} IS NOT NULL`)).length;

  beforeAll(async () => {
    server = await startTestServer();
    const [local, home] = await Promise.all([signInCookie(server, 'lianshui.local'), signInCookie(server, 'pinghu.home')]);
    supervisor = await signInCookie(server, 'pinghu.supervisor');
    clerks = { url: server.url, local, home };
    matterId = (await server.services.database.db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!.id;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('opens a one-time rating when the session ends, and refuses a second rating', async () => {
    const waiting = await call<Body>(server.url, clerks.local, 'POST', '/sessions', {});
    expect(waiting.status).toBe(400);
    const active = await activeSession(clerks, matterId);
    expect((await call<Body>(server.url, clerks.local, 'GET', `/sessions/${active.id}/rating-link`)).body.error.code).toBe('RATING_NOT_READY');
    const { token, link } = await endedSession();
    expect(link.rated).toBe(false);
    const page = (await (await fetch(`${server.url}/api/public/ratings/${token}`)).json()) as { rating: RatingPage };
    expect(page.rating).toMatchObject({ state: 'open', homeJurisdiction: '平湖市', homeClerk: '沈佳怡' });
    expect(JSON.stringify(page)).not.toContain('陈');
    expect((await rate(token, { level: 5 })).status).toBe(201);
    const again = await rate(token, { level: 1, reasons: ['attitude'] });
    expect(again.status).toBe(409);
    expect(((await again.json()) as Body).error.message).toBe('本次服务已经评价过了，每次服务只能评价一次。感谢您的评价！');
  });

  it('refuses bad input with a clear message and stores nothing', async () => {
    const { token } = await endedSession();
    const before = await storedRatings();
    const cases: [string, Promise<Response>, number, string][] = [
      ['unknown token', rate('x'.repeat(43), { level: 5 }), 404, 'RATING_NOT_FOUND'],
      ['malformed token', rate('bad!', { level: 5 }), 400, 'VALIDATION_FAILED'],
      ['level outside the five', rate(token, { level: 6 }), 400, 'VALIDATION_FAILED'],
      ['level zero', rate(token, { level: 0 }), 400, 'VALIDATION_FAILED'],
      ['bad rating without reason', rate(token, { level: 1 }), 400, 'VALIDATION_FAILED'],
      ['unknown reason', rate(token, { level: 2, reasons: ['weather'] }), 400, 'VALIDATION_FAILED'],
      ['over-long text', rate(token, { level: 2, reasons: ['attitude'], comment: '长'.repeat(501) }), 400, 'VALIDATION_FAILED'],
    ];
    for (const [label, pending, status, code] of cases) {
      const response = await pending;
      expect({ label, status: response.status, code: ((await response.json()) as Body).error.code }).toEqual({ label, status, code });
    }
    expect(await storedRatings()).toBe(before);
  });

  it('records 基本满意 as a default when nobody rated before expiry', async () => {
    const { session, token } = await endedSession();
    await server.services.database.db.update(ratings).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(ratings.sessionId, session.id));
    const response = await rate(token, { level: 5 });
    expect(response.status).toBe(410);
    expect(((await response.json()) as Body).error.message).toContain('已按“基本满意”记录');
    const row = (await server.services.database.db.select().from(ratings).where(eq(ratings.sessionId, session.id)))[0]!;
    expect(row).toMatchObject({ level: 3, isDefault: true });
    const page = (await (await fetch(`${server.url}/api/public/ratings/${token}`)).json()) as { rating: RatingPage };
    expect(page.rating.state).toBe('expired');
    expect((await call<{ link: RatingLink }>(server.url, clerks.local, 'GET', `/sessions/${session.id}/rating-link`)).body.link.rated).toBe(false);
    expect((await rate(token, { level: 5 })).status).toBe(410);
  });

  it('opens a follow-up for a bad rating, taken through return call, rectification and closure in order', async () => {
    const { session, token } = await endedSession();
    expect((await rate(token, { level: 1, reasons: ['attitude', 'media'], comment: '声音断断续续' })).status).toBe(201);
    const list = await call<{ followUps: FollowUpView[] }>(server.url, supervisor, 'GET', '/follow-ups');
    const followUp = list.body.followUps.find((f) => f.session.id === session.id)!;
    expect(followUp).toMatchObject({ status: 'open', overdue: false, rating: { levelName: '非常不满意', reasons: ['服务态度不好', '视频或声音质量差'], comment: '声音断断续续' } });
    expect(followUp.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const step = (body: unknown, cookie = supervisor) => call<{ followUp: FollowUpView } & Body>(server.url, cookie, 'POST', `/follow-ups/${followUp.id}/steps`, body);
    expect((await step({ step: 'close' })).body.error.code).toBe('FOLLOW_UP_ILLEGAL_STEP');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await step({ step: 'return_call', calledOn: today, outcome: '已致电说明情况' }, clerks.home)).status).toBe(403);
    expect((await step({ step: 'return_call', calledOn: '2099-01-01', outcome: '未来的日期' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await step({ step: 'return_call', calledOn: today, outcome: '已致电说明情况，群众表示理解' })).body.followUp.status).toBe('return_called');
    expect((await step({ step: 'rectify', rectification: '更换窗口麦克风，开展服务礼仪培训' })).body.followUp.status).toBe('rectified');
    const closed = (await step({ step: 'close' })).body.followUp;
    expect(closed).toMatchObject({ status: 'closed', returnCall: { on: today, by: '徐国平' }, rectification: { by: '徐国平' } });
    expect((await call(server.url, await signInCookie(server, 'huaibei.home'), 'GET', '/follow-ups')).status).toBe(403);
  });

  it('takes a rating out of the statistics when an appeal is upheld, keeping it on record', async () => {
    const stats = async () => (await call<{ statistics: Statistics }>(server.url, supervisor, 'GET', '/supervision/statistics?period=today')).body.statistics.total;
    const { session, token } = await endedSession();
    await rate(token, { level: 2, reasons: ['efficiency'] });
    const before = await stats();
    const ratingId = (await server.services.database.db.select().from(ratings).where(eq(ratings.sessionId, session.id)))[0]!.id;
    expect((await call(server.url, clerks.local, 'POST', `/ratings/${ratingId}/appeals`, { reason: 'x' })).status).toBe(403);
    const appeal = await call<{ appeal: { id: number } }>(server.url, clerks.home, 'POST', `/ratings/${ratingId}/appeals`, { reason: '群众误操作，已电话确认' });
    expect(appeal.status).toBe(201);
    expect((await call<Body>(server.url, clerks.home, 'POST', `/ratings/${ratingId}/appeals`, { reason: '再次申诉' })).body.error.code).toBe('APPEAL_PENDING');
    expect((await call(server.url, supervisor, 'POST', `/appeals/${appeal.body.appeal.id}/decision`, { decision: 'upheld', note: '核实属实' })).status).toBe(200);
    expect((await call<Body>(server.url, supervisor, 'POST', `/appeals/${appeal.body.appeal.id}/decision`, { decision: 'rejected' })).body.error.code).toBe('APPEAL_DECIDED');
    const after = await stats();
    expect(after.ratings).toBe(before.ratings - 1);
    expect(after.satisfactionPercent!).toBeGreaterThan(before.satisfactionPercent!);
    expect((await server.services.database.db.select().from(ratings).where(eq(ratings.id, ratingId)))[0]).toMatchObject({ level: 2, excludedFromStats: true });
    expect((await server.services.database.db.select().from(followUps).where(eq(followUps.ratingId, ratingId)))[0]).toBeTruthy();

    const csv = await fetch(`${server.url}/api/supervision/statistics.csv?period=7d`, { headers: { cookie: supervisor } });
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\n')[0]).toBe('统计期间,维度,名称,视频会话数,等待时长中位数（秒）,办理时长中位数（秒）,评价数,满意率（%）,办件数,补正率（%）');
    expect(text).toContain('近 7 天,合计,合计');
  });

  it('stores exactly 200 ratings for 200 concurrent submissions on 200 sessions', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 200; i++) tokens.push((await endedSession()).token);
    const before = await storedRatings();
    const responses = await Promise.all(tokens.map((token, i) => rate(token, { level: (i % 5) + 1, reasons: i % 5 < 2 ? ['waiting'] : [] })));
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(201));
    expect((await storedRatings()) - before).toBe(200);
    const twice = await Promise.all(tokens.slice(0, 20).map((token) => rate(token, { level: 5 })));
    expect(twice.every((r) => r.status === 409)).toBe(true);
    expect((await storedRatings()) - before).toBe(200);
  }, 120_000);
});

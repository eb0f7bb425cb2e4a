/**
 * The administrator's typed text follows the shared free-text rule (signaling/src/protocol/text.ts)
 * at the service, whichever path it comes by: a holiday's name is stored without control, bidi and
 * zero-width characters, and an audit filter typed with one finds what the visible text names.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDays } from '../support/tables';
import type { AuditEntryView } from '../../signaling/src/protocol';
import { postAction } from '../support/pageRequests';
import { call } from '../support/sessionSteps';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';

describe('free text on the admin pages', () => {
  let server: TestServer;
  let admin: string;
  const day = async (date: string) => (await server.services.database.db.select().from(calendarDays).where(eq(calendarDays.date, date)))[0];

  beforeAll(async () => {
    server = await startTestServer();
    admin = await signInCookie(server, 'admin');
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('a holiday name keeps only what can be seen, from the API and from the settings form', async () => {
    expect((await call(server.url, admin, 'PUT', '/admin/calendar/2031-10-01', { kind: 'holiday', name: '\u202E国庆\u200B节\u0000 ' })).status).toBe(200);
    expect((await day('2031-10-01'))?.name).toBe('国庆节');
    expect(await postAction(server, admin, '/admin/settings', 'setDay', { date: '2031-10-02', kind: 'holiday', name: '国庆\u2066节\u2069' })).toMatchObject({ type: 'success' });
    expect((await day('2031-10-02'))?.name).toBe('国庆节');
  });

  it('an audit filter with an invisible character finds the rows of the visible text', async () => {
    const plain = await call<{ entries: AuditEntryView[] }>(server.url, admin, 'GET', '/admin/audit?actor=admin&entityType=calendar');
    expect(plain.status).toBe(200);
    expect(plain.body.entries.length).toBeGreaterThan(0);
    const typed = await call<{ entries: AuditEntryView[] }>(server.url, admin, 'GET', `/admin/audit?actor=${encodeURIComponent('admin\u200B')}&entityType=${encodeURIComponent('\u202Dcalendar')}`);
    expect(typed.status).toBe(200);
    expect(typed.body.entries.map((entry) => entry.id)).toEqual(plain.body.entries.map((entry) => entry.id));
  });
});

/**
 * Two checks a new home clerk relies on (issue 16, item 9), against the real server: 受理办件（收件）
 * with required materials missing or a capture under 需重新采集 is refused until the clerk confirms, and
 * then what was missing is kept with the case and in the audit row; an identity verdict cannot be
 * recorded on a photo that was sent back for re-capture.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, cases, identityChecks, matterMaterials, matters } from '../support/tables';
import type { CaptureView, CaseView, ErrorPayload, IdentityVerdictView } from '../../signaling/src/protocol';
import { documentPageJpeg } from '../support/sampleFiles';
import { fromProductPage } from '../support/productPage';
import { activeSession, call, citizenId, type Clerks } from '../support/sessionSteps';
import { signInCookie, startTestServer, type TestServer } from '../support/testServer';

type Answer = { case: CaseView; verdict: IdentityVerdictView; error: ErrorPayload };

describe('receiving a case and recording the identity verdict', () => {
  let server: TestServer;
  let clerks: Clerks;
  let matterId: number;
  let required: { id: number; name: string }[];
  let sequence = 100;

  const db = () => server.services.database.db;
  const nextId = () => citizenId(`33048219900101${String(sequence++).padStart(3, '0')}`);
  const capture = async (sessionId: string, material: number | 'other'): Promise<CaptureView> => {
    const response = await fetch(`${server.url}/api/sessions/${sessionId}/captures`, {
      method: 'POST',
      headers: { ...fromProductPage(server.url, clerks.local), 'content-type': 'image/jpeg', 'x-capture-material': String(material), 'x-capture-kind': 'still' },
      body: new Uint8Array(documentPageJpeg()),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { capture: CaptureView }).capture;
  };
  const review = (id: string, body: unknown) => call(server.url, clerks.home, 'POST', `/captures/${id}/review`, body);
  const lastAudit = async (action: string) => (await db().select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).limit(1))[0];

  beforeAll(async () => {
    server = await startTestServer();
    clerks = { url: server.url, local: await signInCookie(server, 'lianshui.local'), home: await signInCookie(server, 'pinghu.home') };
    // A matter of 平湖 with at least two required materials.
    for (const matter of await db().select().from(matters).where(eq(matters.homeJurisdictionCode, '330482'))) {
      const list = await db()
        .select({ id: matterMaterials.id, name: matterMaterials.name })
        .from(matterMaterials)
        .where(and(eq(matterMaterials.matterId, matter.id), eq(matterMaterials.required, true)))
        .orderBy(asc(matterMaterials.sortOrder), asc(matterMaterials.id));
      if (list.length >= 2) {
        matterId = matter.id;
        required = list;
        break;
      }
    }
    expect(required.length).toBeGreaterThanOrEqual(2);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('refuses to receive with materials missing or under re-capture until confirmed, then records them', async () => {
    const session = await activeSession(clerks, matterId, { verified: true, idNumber: nextId() });
    const [first, second] = required;
    const rejected = await capture(session.id, first!.id);
    expect((await review(rejected.id, { status: 'recapture_requested', reason: '反光，看不清' })).status).toBe(200);

    const refused = await call<Answer>(server.url, clerks.home, 'POST', `/sessions/${session.id}/case`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CASE_MATERIALS_MISSING');
    const missingNames = required.map((m) => m.name);
    expect(refused.body.error.message).toContain(`缺少：${missingNames.join('、')}`);
    expect(refused.body.error.message).toContain(`需重新采集：${first!.name}（反光，看不清）`);
    expect(refused.body.error.fields).toEqual([
      ...missingNames.map((name) => ({ path: 'missing', message: name })),
      { path: 'recapture', message: `${first!.name}（反光，看不清）` },
    ]);
    expect(await lastAudit('case.receive_refused')).toMatchObject({ entityType: 'session', entityId: session.id, after: { reason: 'CASE_MATERIALS_MISSING' } });
    expect(await db().select().from(cases).where(eq(cases.sessionId, session.id))).toEqual([]);

    const gaps = {
      missing: required.map((m) => ({ materialId: m.id, material: m.name })),
      recapture: [{ captureId: rejected.id, material: first!.name, note: '反光，看不清' }],
    };
    const confirmed = await call<Answer>(server.url, clerks.home, 'POST', `/sessions/${session.id}/case`, { confirmGaps: true });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.case.receiptGaps).toEqual(gaps);
    expect((await db().select({ gaps: cases.receiptGaps }).from(cases).where(eq(cases.sessionId, session.id)))[0]).toEqual({ gaps });
    expect(await lastAudit('case.received')).toMatchObject({ entityId: String(confirmed.body.case.id), after: { status: 'received', receiptGaps: gaps } });
    expect(confirmed.body.case.timeline.find((e) => e.kind === 'case')?.detail).toContain(`缺少：${missingNames.join('、')}`);
    expect(second).toBeDefined();
  });

  it('receives without asking when every required material is there and nothing awaits re-capture', async () => {
    const session = await activeSession(clerks, matterId, { verified: true, idNumber: nextId() });
    const rejected = await capture(session.id, required[0]!.id);
    expect((await review(rejected.id, { status: 'recapture_requested', reason: '模糊' })).status).toBe(200);
    // Taken again: the newer capture replaces the one sent back.
    for (const material of required) await capture(session.id, material.id);
    const created = await call<Answer>(server.url, clerks.home, 'POST', `/sessions/${session.id}/case`);
    expect(created.status).toBe(201);
    expect(created.body.case.receiptGaps).toBeNull();
    expect((await lastAudit('case.received'))?.after).not.toHaveProperty('receiptGaps');
  });

  it('refuses a verdict on a photo sent back for re-capture (audited), and records one on photos in order', async () => {
    const session = await activeSession(clerks, matterId, { idNumber: nextId() });
    const front = await capture(session.id, required[0]!.id);
    const back = await capture(session.id, required[0]!.id);
    const live = await capture(session.id, 'other');
    expect((await review(front.id, { status: 'recapture_requested', reason: '反光' })).status).toBe(200);

    const refused = await call<Answer>(server.url, clerks.home, 'POST', `/sessions/${session.id}/identity`, { verdict: 'verified', captureIds: [front.id, back.id, live.id] });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({ code: 'IDENTITY_CAPTURE_REJECTED', message: '所选照片已被要求重新采集，不能据此记录身份核验结果，请选择其他照片。' });
    expect(await lastAudit('identity.record_refused')).toMatchObject({ entityId: session.id, after: { reason: 'IDENTITY_CAPTURE_REJECTED', captureIds: [front.id] } });
    expect(await db().select().from(identityChecks).where(eq(identityChecks.sessionId, session.id))).toEqual([]);

    const foreign = await call<Answer>(server.url, clerks.home, 'POST', `/sessions/${session.id}/identity`, { verdict: 'verified', captureIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(foreign.status).toBe(404);

    const recorded = await call<Answer>(server.url, clerks.home, 'POST', `/sessions/${session.id}/identity`, { verdict: 'verified', captureIds: [back.id, live.id] });
    expect(recorded.status).toBe(201);
    expect(recorded.body.verdict).toMatchObject({ verdict: 'verified', captureIds: [back.id, live.id] });
    expect((await db().select({ captureIds: identityChecks.captureIds }).from(identityChecks).where(eq(identityChecks.sessionId, session.id)))[0]).toEqual({ captureIds: [back.id, live.id] });
    // The verdict is a state change of the session: one audit row with who, before and after.
    expect(await lastAudit('identity.recorded')).toMatchObject({ entityType: 'session', entityId: session.id, before: null, after: { verdict: 'verified', captureIds: [back.id, live.id] } });
  });
});

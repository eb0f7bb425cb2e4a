/**
 * The citizen's signature and the 一次性告知书 against the real server and SQLite file: a document made
 * from the case is kept byte for byte and signed for its sha256 only; a wrong hash or an empty pad is
 * refused with nothing stored and an audit row; signing again keeps both; the home clerk is told live;
 * the export package carries documents, signatures and notices; a 补正 and a 不予受理 issue a notice
 * listing every material with its reason, the deadline in working days and the legal basis, as a PDF;
 * the statistics count 补正率 per matter and clerk; the audit chain verifies.
 */
import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setMatterNoticeBasis } from '@vwindow/db';
import { addWorkingDays, beijingDate } from '../../signaling/src/cases/workingDays';
import type { CaseSignatures, NoticeView, SignatureView, SigningDocumentView, Statistics } from '../../signaling/src/protocol';
import { apiRequest, errorCode } from '../support/apiClient';
import { signInActors } from '../support/actors';
import { Fixtures } from '../support/apiFixtures';
import { pdfText } from '../support/pdfText';
import { dataUrl, drawnSignature, emptySignature } from '../support/signaturePng';
import { TestSignalingClient } from '../support/signalingClient';
import { auditRowsSince, countRows, lastAuditId } from '../support/storeRows';
import { startTestServer, type TestServer } from '../support/testServer';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('signatures and notices', () => {
  let server: TestServer;
  let f: Fixtures;
  const count = async (table: Parameters<typeof countRows>[1]) => await countRows(server.services.database, table);
  const auditActions = async (since: number) => (await auditRowsSince(server.services.database, since)).map((r) => ({ action: r.action, after: r.after ?? {} }));
  const lastAudit = async () => await lastAuditId(server.services.database);
  const bytesOf = async (actor: Parameters<Fixtures['as']>[0], path: string) => {
    const response = await fetch(`${server.url}${path}`, { headers: { cookie: f.cookies[actor]! } });
    expect(response.status, path).toBe(200);
    return new Uint8Array(await response.arrayBuffer());
  };

  beforeAll(async () => {
    server = await startTestServer();
    f = new Fixtures(server, await signInActors(server));
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('keeps the document shown byte for byte, and a signature only for its sha256, with ink; signing again keeps both', async () => {
    const kase = await f.withCase();
    const { document } = await f.as<{ document: SigningDocumentView }>('local.own', { method: 'POST', path: `/api/cases/${kase.caseId}/signing-documents`, json: { kind: 'application_form' } }, 201);
    const pdf = await bytesOf('local.own', document.pdfUrl);
    expect(sha256(pdf)).toBe(document.sha256);
    const text = await pdfText(pdf);
    expect(text).toContain(kase.caseNumber);
    expect(text).toContain('申请人签名');

    const image = drawnSignature();
    const home = await TestSignalingClient.connect(server, f.cookies['home.own']!);
    try {
      // Bad input: another hash, an empty pad, not a PNG — each refused, nothing stored, one audit row each.
      const before = await lastAudit();
      const wrongHash = await apiRequest(server.url, { method: 'POST', path: `/api/signing-documents/${document.id}/signatures`, cookie: f.cookies['local.own'], json: { documentSha256: 'a'.repeat(64), image: dataUrl(drawnSignature()) } });
      expect([wrongHash.status, errorCode(wrongHash)]).toEqual([409, 'SIGNATURE_DOCUMENT_MISMATCH']);
      expect((wrongHash.body as { error: { message: string } }).error.message).toContain('不一致');
      const empty = await apiRequest(server.url, { method: 'POST', path: `/api/signing-documents/${document.id}/signatures`, cookie: f.cookies['local.own'], json: { documentSha256: document.sha256, image: dataUrl(emptySignature()) } });
      expect([empty.status, errorCode(empty)]).toEqual([422, 'SIGNATURE_EMPTY']);
      const notPng = await apiRequest(server.url, { method: 'POST', path: `/api/signing-documents/${document.id}/signatures`, cookie: f.cookies['local.own'], json: { documentSha256: document.sha256, image: dataUrl(Buffer.from('GIF89a not a png')) } });
      expect([notPng.status, errorCode(notPng)]).toEqual([422, 'SIGNATURE_IMAGE_INVALID']);
      const notDataUrl = await apiRequest(server.url, { method: 'POST', path: `/api/signing-documents/${document.id}/signatures`, cookie: f.cookies['local.own'], json: { documentSha256: document.sha256, image: 'javascript:alert(1)' } });
      expect([notDataUrl.status, errorCode(notDataUrl)]).toEqual([400, 'VALIDATION_FAILED']);
      expect(await count('signatures')).toBe(0);
      expect((await auditActions(before)).map((r) => [r.action, r.after.reason])).toEqual([
        ['signature.add_refused', 'SIGNATURE_DOCUMENT_MISMATCH'],
        ['signature.add_refused', 'SIGNATURE_EMPTY'],
        ['signature.add_refused', 'SIGNATURE_IMAGE_INVALID'],
      ]);

      // The home clerk hears of it live, with the hash.
      const heard = home.waitFor('signature.added', (data: { caseId: number }) => data.caseId === kase.caseId);
      const first = await f.as<{ signature: SignatureView }>('local.own', { method: 'POST', path: `/api/signing-documents/${document.id}/signatures`, json: { documentSha256: document.sha256, image: dataUrl(image) } }, 201);
      expect(first.signature).toMatchObject({ documentSha256: document.sha256, imageSha256: sha256(image), method: 'handwritten', documentKind: 'application_form' });
      expect(await heard).toMatchObject({ signature: { id: first.signature.id, documentSha256: document.sha256 } });
      const second = await f.as<{ signature: SignatureView }>('local.own', { method: 'POST', path: `/api/signing-documents/${document.id}/signatures`, json: { documentSha256: document.sha256, image: dataUrl(image) } }, 201);
      expect(second.signature.id).not.toBe(first.signature.id);
    } finally {
      home.close();
    }

    const listed = await f.as<CaseSignatures>('home.own', { method: 'GET', path: `/api/cases/${kase.caseId}/signatures` }, 200);
    expect(listed.documents.map((d) => d.sha256)).toEqual([document.sha256]);
    expect(listed.signatures).toHaveLength(2);
    expect(sha256(await bytesOf('home.own', listed.signatures[0]!.imageUrl))).toBe(listed.signatures[0]!.imageSha256);
    // Chained: the audit row of each signature carries both hashes, and the chain verifies.
    const rows = await auditRowsSince(server.services.database, 0, 'signature.added');
    expect(rows.map((r) => r.after)).toEqual(
      listed.signatures.map((s) => expect.objectContaining({ documentSha256: s.documentSha256, imageSha256: s.imageSha256, caseNumber: kase.caseNumber })),
    );
    expect((await f.as<{ audit: { ok: boolean } }>('supervisor.own', { method: 'GET', path: '/api/audit/verify' }, 200)).audit.ok).toBe(true);

    // Only the session's local clerk's kiosk signs; the receipt kind works too.
    const foreign = await apiRequest(server.url, { method: 'POST', path: `/api/signing-documents/${document.id}/signatures`, cookie: f.cookies['home.own'], json: { documentSha256: document.sha256, image: dataUrl(image) } });
    expect(foreign.status).toBe(403);
    const receipt = await f.as<{ document: SigningDocumentView }>('local.own', { method: 'POST', path: `/api/cases/${kase.caseId}/signing-documents`, json: { kind: 'receipt' } }, 201);
    expect(await pdfText(await bytesOf('home.own', receipt.document.pdfUrl))).toContain('受理回执');
    const badKind = await apiRequest(server.url, { method: 'POST', path: `/api/cases/${kase.caseId}/signing-documents`, cookie: f.cookies['local.own'], json: { kind: 'contract' } });
    expect([badKind.status, errorCode(badKind)]).toEqual([400, 'VALIDATION_FAILED']);

    // The export package carries the document and both signatures with their hashes.
    const zip = unzipSync(await bytesOf('home.own', `/api/cases/${kase.caseId}/package`));
    const manifest = JSON.parse(strFromU8(zip['manifest.json']!)) as { signingDocuments: { sha256: string; file: string }[]; signatures: { imageSha256: string; documentSha256: string; file: string }[] };
    expect(manifest.signingDocuments.map((d) => d.sha256)).toEqual([document.sha256, receipt.document.sha256]);
    expect(sha256(zip[manifest.signingDocuments[0]!.file]!)).toBe(document.sha256);
    expect(manifest.signatures.map((s) => s.documentSha256)).toEqual([document.sha256, document.sha256]);
    expect(sha256(zip[manifest.signatures[0]!.file]!)).toBe(manifest.signatures[0]!.imageSha256);
  });

  it('issues a 一次性告知书 with a 补正 and a 不予受理: every material with its reason, deadline, legal basis, contact; as a PDF', async () => {
    const kase = await f.withCase();
    // This matter names its own legal basis.
    const matterId = await f.matterId();
    await setMatterNoticeBasis(server.services.database.db, matterId, '《浙江省测试条例》第十条');
    const items = [
      { material: '居民户口簿', note: '复印件不清晰' },
      { material: '结婚证', note: '' },
    ];
    await f.as('home.own', { method: 'POST', path: `/api/cases/${kase.caseId}/decision`, json: { action: 'supplement', items } }, 200);
    const { notices } = await f.as<{ notices: NoticeView[] }>('local.own', { method: 'GET', path: `/api/cases/${kase.caseId}/notices` }, 200);
    expect(notices).toHaveLength(1);
    const notice = notices[0]!;
    const deadline = addWorkingDays(beijingDate(new Date()), 5, new Map());
    expect(notice).toMatchObject({ kind: 'supplement', legalBasis: '《浙江省测试条例》第十条', deadline, contact: { clerkName: '沈佳怡', jurisdictionName: '平湖市' } });
    expect(notice.items.slice(0, 2)).toEqual([
      { material: '居民户口簿', reason: '复印件不清晰' },
      { material: '结婚证', reason: '不符合要求' },
    ]);
    const text = (await pdfText(await bytesOf('local.own', notice.pdfUrl))).replace(/\n/g, '');
    for (const item of notice.items) {
      expect(text).toContain(item.material);
      expect(text).toContain(item.reason);
    }
    expect(text).toContain(deadline);
    expect(text).toContain('《浙江省测试条例》第十条');
    expect(text).toContain('沈佳怡');

    // The citizen comes back: a later session resumes the case (same citizen, same matter), and it is
    // declined: the default legal basis, the reason, no deadline. Both notices are kept.
    await setMatterNoticeBasis(server.services.database.db, matterId, null);
    const declined = await f.withCase();
    expect(declined.caseId).toBe(kase.caseId);
    // A document to sign made now belongs to the session the citizen is in.
    const resumedDocument = await f.as<{ document: SigningDocumentView }>('local.own', { method: 'POST', path: `/api/cases/${kase.caseId}/signing-documents`, json: { kind: 'application_form' } }, 201);
    expect(resumedDocument.document.sessionId).toBe(declined.sessionId);
    await f.as('home.own', { method: 'POST', path: `/api/cases/${declined.caseId}/decision`, json: { action: 'decline', reason: '不属于本机关职权范围' } }, 200);
    const both = (await f.as<{ notices: NoticeView[] }>('home.own', { method: 'GET', path: `/api/cases/${declined.caseId}/notices` }, 200)).notices;
    expect(both.map((n) => n.kind)).toEqual(['supplement', 'decline']);
    const declineNotice = both[1]!;
    expect(declineNotice).toMatchObject({ kind: 'decline', reason: '不属于本机关职权范围', deadline: null, legalBasis: '《中华人民共和国行政许可法》第三十二条' });
    expect((await pdfText(await bytesOf('local.own', declineNotice.pdfUrl))).replace(/\n/g, '')).toContain('不属于本机关职权范围');

    // Stored with the case: in its export package, with the PDF's hash.
    const zip = unzipSync(await bytesOf('home.own', `/api/cases/${kase.caseId}/package`));
    const manifest = JSON.parse(strFromU8(zip['manifest.json']!)) as { notices: { file: string; sha256: string; items: unknown[] }[] };
    expect(manifest.notices).toHaveLength(2);
    expect(sha256(zip[manifest.notices[0]!.file]!)).toBe(manifest.notices[0]!.sha256);
    expect(manifest.notices[0]!.items).toEqual(notice.items);

    // Other jurisdictions do not read them; a missing notice is 404.
    expect((await apiRequest(server.url, { method: 'GET', path: notice.pdfUrl, cookie: f.cookies['home.other'] })).status).toBe(403);
    expect(errorCode(await apiRequest(server.url, { method: 'GET', path: '/api/notices/999999/pdf', cookie: f.cookies['home.own'] }))).toBe('NOTICE_NOT_FOUND');

    // 补正率 per matter and clerk: of the cases received from these tests' sessions (two), one was supplemented.
    const { statistics: stats } = await f.as<{ statistics: Statistics }>('supervisor.own', { method: 'GET', path: '/api/supervision/statistics?period=today' }, 200);
    const clerk = stats.byClerk.find((r) => r.label === '沈佳怡')!;
    expect(clerk.cases).toBe(2);
    expect(clerk.supplementPercent).toBe(Math.floor((1 * 1000) / clerk.cases + 0.5) / 10);
    expect(stats.byMatter.find((r) => r.key === String(matterId))!.supplementPercent).toBeGreaterThan(0);
    expect((await f.as<{ audit: { ok: boolean } }>('supervisor.own', { method: 'GET', path: '/api/audit/verify' }, 200)).audit.ok).toBe(true);
  });
});

/**
 * Captures and identity checks against the real server and a real data directory: stored by sha256,
 * served only to the session's clerks with the verified type, refused uploads leave nothing behind.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captures, matterMaterials, matters } from '../support/tables';
import { idCheckDigit, type CaptureView } from '../../signaling/src/protocol';
import { documentPageJpeg, makePdf, makePng, pngChunk } from '../support/sampleFiles';
import { TestSignalingClient } from '../support/signalingClient';
import { fromProductPage, signInCookie, startTestServer, type TestServer } from '../support/testServer';
import { recordingNoticePath } from '../support/recordingNotice';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A PNG whose header claims `size`×`size` pixels, with a few bytes of image data. */
function pngClaiming(size: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 2;
  const idat = makePng(1, 1).subarray(33, -12);
  return Buffer.concat([makePng(1, 1).subarray(0, 8), pngChunk('IHDR', header), idat, pngChunk('IEND', Buffer.alloc(0))]);
}

/** The fixture JPEG with everything from its first scan to the end marker cut out: headers, no image data. */
function jpegWithoutImageData(): Buffer {
  const jpeg = documentPageJpeg();
  let offset = 2;
  while (jpeg[offset + 1] !== 0xda) offset += 2 + jpeg.readUInt16BE(offset + 2);
  return Buffer.concat([jpeg.subarray(0, offset), Buffer.from([0xff, 0xd9])]);
}

describe('captures and identity', () => {
  let server: TestServer;
  let local: string;
  let home: string;
  let otherLocal: string;
  let otherHome: string;
  let sessionId: string;
  let materialId: number;

  const upload = (cookie: string, body: Buffer, type: string, material: string | number = materialId, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/sessions/${sessionId}/captures`, {
      method: 'POST',
      headers: { ...fromProductPage(server.url, cookie), 'content-type': type, 'x-capture-material': String(material), 'x-capture-kind': 'upload', ...headers },
      body: new Uint8Array(body),
    });
  const storedFiles = () => {
    const dir = join(server.dataDir, 'captures');
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();
  };
  const captureRows = async () => (await server.services.database.db.select().from(captures)).length;

  beforeAll(async () => {
    server = await startTestServer({ VWINDOW_UPLOAD_LIMIT_MB: '1' });
    [local, home, otherLocal, otherHome] = await Promise.all([
      signInCookie(server, 'lianshui.local'),
      signInCookie(server, 'pinghu.home'),
      signInCookie(server, 'taizhou.local'),
      signInCookie(server, 'huaibei.home'),
    ]);
    const db = server.services.database.db;
    const matter = (await db.select().from(matters).where(eq(matters.homeJurisdictionCode, '330482')))[0]!;
    materialId = (await db.select().from(matterMaterials).where(eq(matterMaterials.matterId, matter.id)))[0]!.id;
    const first17 = '33048219880315123';
    const started = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { ...fromProductPage(server.url, local), 'content-type': 'application/json' },
      body: JSON.stringify({ citizenName: '陈先生', citizenIdNumber: first17 + idCheckDigit(first17), citizenPhone: '13800138000', homeJurisdictionCode: '330482', matterId: matter.id }),
    });
    sessionId = ((await started.json()) as { session: { id: string } }).session.id;
    await fetch(`${server.url}${recordingNoticePath(sessionId)}`, { method: 'POST', headers: fromProductPage(server.url, local) });
    await fetch(`${server.url}/api/sessions/${sessionId}/accept`, { method: 'POST', headers: fromProductPage(server.url, home) });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('stores a JPEG by sha256, shows it live on the home side, and serves it only to the session', async () => {
    const watcher = await TestSignalingClient.connect(server, home);
    const jpeg = documentPageJpeg();
    const response = await upload(local, jpeg, 'image/jpeg');
    expect(response.status).toBe(201);
    const { capture } = (await response.json()) as { capture: CaptureView };
    expect(capture).toMatchObject({ sha256: sha(jpeg), sizeBytes: jpeg.length, mimeType: 'image/jpeg', width: 1920, height: 1080, status: 'pending' });
    expect(readFileSync(join(server.dataDir, 'captures', capture.sha256.slice(0, 2), capture.sha256)).equals(jpeg)).toBe(true);
    expect(await watcher.waitFor('capture.new')).toMatchObject({ capture: { id: capture.id, sha256: sha(jpeg) } });

    const served = await fetch(`${server.url}${capture.url}`, { headers: { cookie: home } });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(sha(Buffer.from(await served.arrayBuffer()))).toBe(sha(jpeg));
    expect((await fetch(`${server.url}${capture.url}`, { headers: { cookie: otherHome } })).status).toBe(403);
    expect((await fetch(`${server.url}${capture.url}`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/captures/${crypto.randomUUID()}/file`, { headers: { cookie: home } })).status).toBe(404);
    watcher.close();
  });

  it('takes PNG and PDF uploads, and "other" material', async () => {
    const png = makePng(640, 480);
    const pngResponse = await upload(local, png, 'image/png', 'other');
    expect(pngResponse.status).toBe(201);
    expect(((await pngResponse.json()) as { capture: CaptureView }).capture).toMatchObject({ width: 640, height: 480, materialName: '其他材料' });
    const pdf = makePdf();
    const pdfResponse = await upload(local, pdf, 'application/pdf');
    expect(pdfResponse.status).toBe(201);
    expect(((await pdfResponse.json()) as { capture: CaptureView }).capture).toMatchObject({ mimeType: 'application/pdf', sha256: sha(pdf) });
  });

  it('refuses bad uploads with a clear 4xx and leaves nothing stored or half-written', async () => {
    const filesBefore = storedFiles();
    const rowsBefore = await captureRows();
    const jpeg = documentPageJpeg();
    const big = makePng(1400, 1400);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const cases: [string, Promise<Response>, number, string][] = [
      ['over the size limit', upload(local, big, 'image/png'), 413, 'PAYLOAD_TOO_LARGE'],
      ['a type not allowed', upload(local, Buffer.from('GIF89a....'), 'image/gif'), 415, 'CAPTURE_TYPE_NOT_ALLOWED'],
      ['bytes that do not match', upload(local, jpeg, 'image/png'), 415, 'CAPTURE_TYPE_MISMATCH'],
      ['text called a PDF', upload(local, Buffer.from('hello'), 'application/pdf'), 415, 'CAPTURE_TYPE_MISMATCH'],
      ['a truncated file', upload(local, jpeg.subarray(0, jpeg.length / 2), 'image/jpeg'), 400, 'UPLOAD_TRUNCATED'],
      ['an empty body', upload(local, Buffer.alloc(0), 'image/jpeg'), 400, 'UPLOAD_TRUNCATED'],
      ['a material of another matter', upload(local, jpeg, 'image/jpeg', 999999), 400, 'MATERIAL_NOT_IN_MATTER'],
      ['a session the user is not part of', upload(otherLocal, jpeg, 'image/jpeg'), 403, 'FORBIDDEN'],
      ['the home side', upload(home, jpeg, 'image/jpeg'), 403, 'FORBIDDEN'],
      ['a PNG claiming 2³¹×2³¹ pixels', upload(local, pngClaiming(2 ** 31), 'image/png'), 422, 'CAPTURE_IMAGE_TOO_LARGE'],
      ['a JPEG with no image data', upload(local, jpegWithoutImageData(), 'image/jpeg'), 422, 'CAPTURE_IMAGE_INVALID'],
    ];
    for (const [label, pending, status, code] of cases) {
      const response = await pending;
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect({ label, status: response.status, code: body.error.code }).toEqual({ label, status, code });
      expect(body.error.message).not.toBe('');
    }
    const tooLarge = await upload(local, big, 'image/png');
    expect(((await tooLarge.json()) as { error: { message: string } }).error.message).toContain('1 MB');

    // A connection that breaks in the middle of the body.
    await new Promise<void>((resolve) => {
      const url = new URL(`${server.url}/api/sessions/${sessionId}/captures`);
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...fromProductPage(server.url, local), 'content-type': 'image/jpeg', 'content-length': jpeg.length, 'x-capture-material': 'other', 'x-capture-kind': 'upload' } },
        () => resolve(),
      );
      req.on('error', () => resolve());
      req.write(jpeg.subarray(0, 20_000), () => setTimeout(() => req.destroy(), 100));
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(storedFiles()).toEqual(filesBefore);
    expect(readdirSync(join(server.dataDir, 'captures', 'tmp'))).toEqual([]);
    expect(await captureRows()).toBe(rowsBefore);
  });

  it('lets the home clerk accept a capture or ask for a re-capture, which the local side sees at once', async () => {
    const { capture } = (await (await upload(local, documentPageJpeg(), 'image/jpeg')).json()) as { capture: CaptureView };
    const localWatcher = await TestSignalingClient.connect(server, local);
    const review = (cookie: string, body: unknown) =>
      fetch(`${server.url}/api/captures/${capture.id}/review`, { method: 'POST', headers: { ...fromProductPage(server.url, cookie), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await review(home, { status: 'recapture_requested' })).status).toBe(400);
    expect((await review(local, { status: 'accepted' })).status).toBe(403);
    expect((await review(home, { status: 'recapture_requested', reason: '反光，看不清印章' })).status).toBe(200);
    expect(await localWatcher.waitFor('capture.updated')).toMatchObject({ capture: { id: capture.id, status: 'recapture_requested', reviewNote: '反光，看不清印章' } });
    expect((await review(home, { status: 'accepted' })).status).toBe(200);
    const list = (await (await fetch(`${server.url}/api/sessions/${sessionId}/captures`, { headers: { cookie: local } })).json()) as { captures: CaptureView[] };
    expect(list.captures.find((c) => c.id === capture.id)).toMatchObject({ status: 'accepted', reviewNote: null });
    localWatcher.close();
  });

  it('records the identity verdict with who and when; shows the full ID number only to the home clerk', async () => {
    const identity = (cookie: string) => fetch(`${server.url}/api/sessions/${sessionId}/identity`, { headers: { cookie } });
    const homeView = ((await (await identity(home)).json()) as { identity: Record<string, unknown> }).identity;
    expect(homeView).toMatchObject({
      masked: false,
      idNumber: `33048219880315123${idCheckDigit('33048219880315123')}`,
      checks: { checkDigit: { ok: true }, birthDate: { ok: true, value: '1988-03-15' }, region: { ok: true, code: '330482', name: '平湖市' } },
      latest: null,
    });
    const localView = ((await (await identity(local)).json()) as { identity: Record<string, unknown> }).identity;
    expect(localView).toMatchObject({ masked: true, checks: null, citizenName: '陈**' });
    expect(String(localView.idNumber)).toMatch(/^330482\*{8}/);
    const record = (cookie: string, body: unknown) =>
      fetch(`${server.url}/api/sessions/${sessionId}/identity`, { method: 'POST', headers: { ...fromProductPage(server.url, cookie), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await record(home, { verdict: 'not_verified' })).status).toBe(400);
    expect((await record(local, { verdict: 'verified' })).status).toBe(403);
    expect(await server.services.identity.isVerified(sessionId)).toBe(false);
    expect((await record(home, { verdict: 'not_verified', reason: '证件照片与本人不符' })).status).toBe(201);
    expect((await record(home, { verdict: 'verified' })).status).toBe(201);
    expect(await server.services.identity.isVerified(sessionId)).toBe(true);
    const after = ((await (await identity(home)).json()) as { identity: { latest: { verdict: string; checkedBy: { displayName: string } }; history: unknown[] } }).identity;
    expect(after.latest).toMatchObject({ verdict: 'verified', checkedBy: { displayName: '沈佳怡' } });
    expect(after.history).toHaveLength(2);
    expect(existsSync(join(server.dataDir, 'captures', 'tmp'))).toBe(true);
  });
});

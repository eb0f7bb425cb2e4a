import { describe, expect, it } from 'vitest';
import type { CaptureView } from '$shared';
import { fileProblem } from './captureApi';
import { checklist, comparableImages, defaultIdCardSides, defaultLivePhoto, groupCaptures, slotPhoto, upsertCapture } from './captureGroups';

const materials = [
  { id: 1, name: '居民身份证', required: true, note: null },
  { id: 2, name: '不动产登记申请书', required: true, note: null },
  { id: 3, name: '授权委托书', required: false, note: null },
];

let n = 0;
function capture(over: Partial<CaptureView>): CaptureView {
  n += 1;
  return {
    id: `c${n}`,
    sessionId: 's',
    materialId: 1,
    materialName: '居民身份证',
    kind: 'still',
    mimeType: 'image/jpeg',
    sizeBytes: 1,
    sha256: 'x',
    width: 1920,
    height: 1080,
    status: 'pending',
    reviewNote: null,
    capturedBy: { id: 1, displayName: '陈晓燕' },
    createdAt: `2026-01-01T00:00:0${n}Z`,
    url: `/api/captures/c${n}/file`,
    ...over,
  };
}

describe('the capture gallery', () => {
  const front = capture({});
  const back = capture({});
  const pdf = capture({ materialId: null, materialName: '其他材料', kind: 'upload', mimeType: 'application/pdf' });
  const live = capture({ materialId: null, materialName: '其他材料' });
  const all = [front, back, pdf, live];

  it('groups by material in checklist order, 其他材料 last', () => {
    expect(groupCaptures(all, materials).map((g) => [g.name, g.captures.map((c) => c.id)])).toEqual([
      ['居民身份证', [front.id, back.id]],
      ['其他材料', [pdf.id, live.id]],
    ]);
  });

  it('marks a material present unless its only captures were sent back', () => {
    expect(checklist(all, materials).map((r) => r.present)).toEqual([true, false, false]);
    const sentBack = all.map((c) => (c.materialId === 1 ? { ...c, status: 'recapture_requested' as const } : c));
    expect(checklist(sentBack, materials)[0]!.present).toBe(false);
  });

  it('picks the ID card sides and the live photo by default', () => {
    expect(defaultIdCardSides(all)).toEqual({ front: front.id, back: back.id });
    expect(defaultLivePhoto(all)).toBe(live.id);
  });

  it('replaces a capture by id and keeps upload order', () => {
    const updated = { ...front, status: 'accepted' as const };
    expect(upsertCapture(all, updated).map((c) => [c.id, c.status])[0]).toEqual([front.id, 'accepted']);
    expect(upsertCapture([back], front).map((c) => c.id)).toEqual([front.id, back.id]);
  });

  it('refuses a wrong type or an oversized file before sending it', () => {
    expect(fileProblem({ type: 'image/gif', size: 10 }, 20)).toBe('只能上传 JPEG、PNG 图片或 PDF 文件。');
    expect(fileProblem({ type: 'application/pdf', size: 21 * 1024 * 1024 }, 20)).toBe('文件超过 20 MB，不能上传。');
    expect(fileProblem({ type: 'image/png', size: 1024 }, 20)).toBeNull();
    // The limit is the server's: configured lower, a 6 MB file is refused before it is sent.
    expect(fileProblem({ type: 'image/png', size: 6 * 1024 * 1024 }, 5)).toBe('文件超过 5 MB，不能上传。');
  });
});

describe('the photos an identity verdict is recorded on', () => {
  it('never offers or keeps a photo sent back for re-capture', () => {
    const front = capture({});
    const rejected = capture({ status: 'recapture_requested', reviewNote: '反光' });
    const pdf = capture({ mimeType: 'application/pdf' });
    const live = capture({ materialId: null, materialName: '其他材料' });
    const comparable = comparableImages([front, rejected, pdf, live]);
    expect(comparable.map((c) => c.id)).toEqual([front.id, live.id]);
    // Picked, then sent back: the slot falls back to the default, or to none.
    expect(slotPhoto(rejected.id, front.id, comparable)).toBe(front.id);
    expect(slotPhoto(rejected.id, rejected.id, comparable)).toBeNull();
    expect(slotPhoto(undefined, rejected.id, comparable)).toBeNull();
    expect(slotPhoto(live.id, front.id, comparable)).toBe(live.id);
    expect(slotPhoto(null, front.id, comparable)).toBeNull();
  });
});

/**
 * What a case would lack if received now (受理办件（收件）): required materials of the matter with no
 * usable capture among those that form it, and captures sent back for re-capture (需重新采集) that no
 * later capture of the same material replaced. Receiving with gaps needs the clerk's confirmation.
 */
import type { CaptureWithNames } from '@vwindow/db';
import { t, type ReceiptGaps } from '../protocol';

export function receiptGaps(
  materials: readonly { id: number; name: string; required: boolean }[],
  sessionCaptures: readonly CaptureWithNames[],
  chosenIds: readonly string[],
): ReceiptGaps {
  const chosen = new Set(chosenIds);
  const usable = sessionCaptures.filter((c) => chosen.has(c.capture.id) && c.capture.status !== 'recapture_requested');
  const missing = materials
    .filter((m) => m.required && !usable.some((c) => c.capture.materialId === m.id))
    .map((m) => ({ materialId: m.id, material: m.name }));
  const recapture = sessionCaptures
    .filter(({ capture }, index) => {
      if (capture.status !== 'recapture_requested') return false;
      const replaced = sessionCaptures.slice(index + 1).some((later) => later.capture.materialId === capture.materialId && later.capture.status !== 'recapture_requested');
      return chosen.has(capture.id) || !replaced;
    })
    .map(({ capture, materialName }) => ({ captureId: capture.id, material: materialName ?? t('names.otherMaterial'), note: capture.reviewNote }));
  return { missing, recapture };
}

export const hasGaps = (gaps: ReceiptGaps): boolean => gaps.missing.length > 0 || gaps.recapture.length > 0;

/** The gaps in one sentence's worth of Chinese: 缺少：A、B；需重新采集：C（模糊）. */
export function describeGaps(gaps: ReceiptGaps): string {
  const parts: string[] = [];
  if (gaps.missing.length > 0) parts.push(t('server.gaps.missing', { items: gaps.missing.map((m) => m.material).join('、') }));
  if (gaps.recapture.length > 0) {
    const items = gaps.recapture.map((r) => (r.note ? t('server.gaps.withNote', { material: r.material, note: r.note }) : r.material)).join('、');
    parts.push(t('server.gaps.recapture', { items }));
  }
  return parts.join('；');
}

/** The gaps as the refusal's `fields`, one per item, for the page's confirmation dialog. */
export function gapFields(gaps: ReceiptGaps): { path: string; message: string }[] {
  return [
    ...gaps.missing.map((m) => ({ path: 'missing', message: m.material })),
    ...gaps.recapture.map((r) => ({ path: 'recapture', message: r.note ? t('server.gaps.withNote', { material: r.material, note: r.note }) : r.material })),
  ];
}

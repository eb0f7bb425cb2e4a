/**
 * What a 一次性告知书 lists: every material the citizen must bring or bring again, with the reason, in
 * one list (行政许可法 §32: all corrections at once). For a supplement (补正): the clerk's items, then
 * what was still missing or under 需重新采集 when the case was received and the clerk did not name;
 * for a decline (不予受理): those receipt gaps (the reason is the notice's own field).
 */
import { t, type NoticeItem, type ReceiptGaps } from '../../protocol';

export function noticeItems(clerkItems: readonly { material: string; note: string }[], gaps: ReceiptGaps | null): NoticeItem[] {
  const items: NoticeItem[] = clerkItems.map((item) => ({ material: item.material, reason: item.note.trim() || t('server.notice.notAdequate') }));
  const named = new Set(items.map((item) => item.material));
  for (const missing of gaps?.missing ?? []) {
    if (named.has(missing.material)) continue;
    named.add(missing.material);
    items.push({ material: missing.material, reason: t('server.notice.missingReason') });
  }
  for (const recapture of gaps?.recapture ?? []) {
    if (named.has(recapture.material)) continue;
    named.add(recapture.material);
    items.push({ material: recapture.material, reason: recapture.note ? `${t('server.notice.recaptureReason')}：${recapture.note}` : t('server.notice.recaptureReason') });
  }
  return items;
}

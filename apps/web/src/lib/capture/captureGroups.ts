/**
 * The gallery's arithmetic: captures grouped by material in checklist order (其他材料 last), the
 * checklist with present/missing per material, and the ID card sides picked by default.
 */
import type { CaptureView } from '$shared';
import type { CatalogMaterial } from './captureApi';

export interface CaptureGroup {
  key: string;
  materialId: number | null;
  name: string;
  captures: CaptureView[];
}

export interface ChecklistRow {
  material: CatalogMaterial;
  /** A capture of it that was not sent back for a re-capture. */
  present: boolean;
}

/** Adds or replaces `capture` by id, keeping upload order. */
export function upsertCapture(list: readonly CaptureView[], capture: CaptureView): CaptureView[] {
  const index = list.findIndex((c) => c.id === capture.id);
  if (index === -1) return [...list, capture].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return list.map((c, i) => (i === index ? capture : c));
}

export function groupCaptures(captures: readonly CaptureView[], materials: readonly CatalogMaterial[]): CaptureGroup[] {
  const groups: CaptureGroup[] = materials.map((m) => ({ key: String(m.id), materialId: m.id, name: m.name, captures: [] }));
  const other: CaptureGroup = { key: 'other', materialId: null, name: '', captures: [] };
  for (const capture of captures) {
    let group = groups.find((g) => g.materialId !== null && g.materialId === capture.materialId);
    if (!group && capture.materialId !== null) {
      group = { key: String(capture.materialId), materialId: capture.materialId, name: capture.materialName, captures: [] };
      groups.push(group);
    }
    (group ?? other).captures.push(capture);
    if (!group) other.name = capture.materialName;
  }
  return [...groups.filter((g) => g.captures.length > 0), ...(other.captures.length > 0 ? [other] : [])];
}

export function checklist(captures: readonly CaptureView[], materials: readonly CatalogMaterial[]): ChecklistRow[] {
  return materials.map((material) => ({
    material,
    present: captures.some((c) => c.materialId === material.id && c.status !== 'recapture_requested'),
  }));
}

export const isImage = (capture: CaptureView): boolean => capture.mimeType.startsWith('image/');

/** The captures of ID card material (name contains 身份证), images only, in upload order: front, back. */
export function defaultIdCardSides(captures: readonly CaptureView[]): { front: string | null; back: string | null } {
  const cards = captures.filter((c) => isImage(c) && c.materialName.includes('身份证') && c.status !== 'recapture_requested');
  return { front: cards[0]?.id ?? null, back: cards[1]?.id ?? null };
}

/** The latest camera still of 其他材料: where the local clerk's 抓拍现场照片 lands. */
export function defaultLivePhoto(captures: readonly CaptureView[]): string | null {
  const stills = captures.filter((c) => c.materialId === null && c.kind === 'still' && c.status !== 'recapture_requested');
  return stills.at(-1)?.id ?? null;
}

/** The images the identity verdict can be recorded on: none sent back for re-capture (需重新采集). */
export function comparableImages(captures: readonly CaptureView[]): CaptureView[] {
  return captures.filter((c) => isImage(c) && c.status !== 'recapture_requested');
}

/**
 * The photo of one identity slot: the one the clerk picked while it can be compared, else the default
 * while it can; none when the clerk chose none (`picked` null) or nothing fits.
 */
export function slotPhoto(picked: string | null | undefined, fallback: string | null, comparable: readonly CaptureView[]): string | null {
  const usable = (id: string | null | undefined): id is string => !!id && comparable.some((c) => c.id === id);
  if (picked === null) return null;
  if (usable(picked)) return picked;
  return usable(fallback) ? fallback : null;
}

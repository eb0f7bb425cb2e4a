/**
 * The recordings' part of a case's export package: not the files (a session's recording runs to
 * tens of MB), but each segment's sha256, size, time and a link to fetch it (for those who may), and
 * each gap; `included` says so in the manifest itself.
 */
import type { RecordingRow } from '@vwindow/db';

export function recordingManifest(rows: RecordingRow[]) {
  return {
    included: 'hashes_and_links' as const,
    note: 'Segment files are not in this package: each is listed with its sha256 (also in the audit chain) and fetched from its link by the home clerk or a supervisor.',
    entries: rows.map((row) => ({
      entry: row.entry,
      track: row.track,
      startedAt: row.startedAt.toISOString(),
      endedAt: row.endedAt.toISOString(),
      ...(row.entry === 'segment'
        ? { file: row.file, bytes: row.bytes, sha256: row.sha256, link: row.purgedAt ? null : `/api/recordings/${row.id}/file`, purgedAt: row.purgedAt?.toISOString() ?? null }
        : { gapReason: row.gapReason }),
    })),
  };
}

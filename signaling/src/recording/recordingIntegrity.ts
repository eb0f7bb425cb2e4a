/**
 * The recordings' half of the audit check: every segment whose sha256 the chain holds (and that no
 * later purge row took out) must be on disk with that very sha256. A file changed or removed breaks
 * the check at the audit row that holds its hash.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { auditedSegments, type Db } from '@vwindow/db';
import { sha256OfFile } from './segmentFiles';

export type RecordingFilesVerdict =
  | { ok: true; segments: number }
  | { ok: false; segments: number; auditId: number; recordingId: string; file: string; problem: 'missing' | 'changed' };

export async function verifyRecordingFiles(db: Db, recordingsDir: string): Promise<RecordingFilesVerdict> {
  let segments = 0;
  for (const segment of await auditedSegments(db)) {
    if (segment.purged) continue;
    segments += 1;
    const path = join(recordingsDir, segment.sessionId, segment.file);
    const problem = !existsSync(path) ? 'missing' : (await sha256OfFile(path)) !== segment.sha256 ? 'changed' : null;
    if (problem) return { ok: false, segments, auditId: segment.auditId, recordingId: segment.recordingId, file: `${segment.sessionId}/${segment.file}`, problem };
  }
  return { ok: true, segments };
}

/**
 * 录音录像: the server-side recording of sessions, one row per finished segment file (hashed into the
 * audit chain) or per gap; the notice the citizen was given; and each jurisdiction's recording policy.
 */
import { bigint, boolean, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { recordingEntryKinds } from '@vwindow/signaling/protocol/values';
import { createdAt, rowidKey, timestampMs } from './columns';
import { jurisdictions, matters } from './catalog';
import { sessionRef } from './sessions';
import { staffRef } from './staff';

/** One segment file (under <data dir>/recordings/<session>/) or one gap of a recorded track. */
export const recordings = pgTable(
  'recordings',
  {
    id: text('id').primaryKey(),
    sessionId: sessionRef().notNull(),
    entry: text('entry', { enum: recordingEntryKinds }).notNull(),
    /** The recorded track: side-source-kind-t<n> (e.g. local-camera-video-t0). */
    track: text('track').notNull(),
    side: text('side').notNull(),
    source: text('source').notNull(),
    mediaKind: text('media_kind').notNull(),
    staffId: staffRef('staff_id'),
    /** Segment file name inside the session's folder; null for a gap. */
    file: text('file'),
    startedAt: timestampMs('started_at').notNull(),
    endedAt: timestampMs('ended_at').notNull(),
    bytes: bigint('bytes', { mode: 'number' }),
    sha256: text('sha256'),
    /** Why a gap happened (recorder_restarted). */
    gapReason: text('gap_reason'),
    /** Set when retention removed the file (the row and its audit entries stay). */
    purgedAt: timestampMs('purged_at'),
    createdAt: createdAt(),
  },
  (t) => [index('recordings_session_idx').on(t.sessionId, t.startedAt)],
);

/** 本次服务全程录音录像: the local clerk's confirmation that the citizen was told, one per session. */
export const recordingNotices = pgTable('recording_notices', {
  sessionId: sessionRef().primaryKey(),
  confirmedById: staffRef('confirmed_by_id').notNull(),
  confirmedAt: timestampMs('confirmed_at').notNull(),
  /** The notice text as shown. */
  notice: text('notice').notNull(),
});

/** A jurisdiction's recording policy; without a row: required, kept 180 days. */
export const recordingPolicies = pgTable('recording_policies', {
  jurisdictionCode: text('jurisdiction_code')
    .primaryKey()
    .references(() => jurisdictions.code),
  required: boolean('required').notNull().default(true),
  retentionDays: integer('retention_days').notNull().default(180),
});

/** A matter's own requirement (a matter without a row follows its jurisdiction). */
export const matterRecordingPolicies = pgTable('matter_recording_policies', {
  matterId: rowidKey('matter_id').references(() => matters.id),
  required: boolean('required').notNull(),
});

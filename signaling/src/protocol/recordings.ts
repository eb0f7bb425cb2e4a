/** 录音录像: what the browser gets of a session's recording, and the marks on its timeline. */
import { z } from 'zod';
import { t } from './i18n';
import type { MediaSource, PeerSide } from './media';

export const recordingIdParam = z.uuid({ message: t('validation.recordingId') });

/** A jurisdiction's recording policy, set by an administrator. */
export const recordingPolicyRequest = z.object({
  required: z.boolean(),
  retentionDays: z.number().int().min(1).max(36_500),
});

/** One segment file of one track, or one gap; times are ISO strings, offsets seconds from the recording's start. */
export interface RecordingEntryView {
  id: string;
  entry: 'segment' | 'gap';
  track: string;
  side: PeerSide;
  source: MediaSource;
  mediaKind: 'audio' | 'video';
  startedAt: string;
  endedAt: string;
  offset: number;
  duration: number;
  bytes: number | null;
  sha256: string | null;
  purged: boolean;
  /** GET this for the file (range requests); null for a gap or a purged segment. */
  url: string | null;
}

export const recordingMarkKinds = [
  'call_started',
  'capture',
  'recapture_requested',
  'identity_verdict',
  'case_received',
  'case_declined',
  'chat',
  'mute',
  'unmute',
  'reconnect',
  'call_ended',
] as const;
export type RecordingMarkKind = (typeof recordingMarkKinds)[number];

/** A moment of the session on the recording's timeline. */
export interface RecordingMark {
  kind: RecordingMarkKind;
  at: string;
  /** Seconds from the recording's start. */
  offset: number;
  /** What to show beside the mark (a chat line, a verdict); already masked where needed. */
  label: string;
}

export interface SessionRecordingView {
  sessionId: string;
  /** When the first segment starts; null when nothing was recorded. */
  startedAt: string | null;
  endedAt: string | null;
  entries: RecordingEntryView[];
  marks: RecordingMark[];
  /** The notice the citizen was given and who confirmed it, if any. */
  notice: { confirmedAt: string; confirmedBy: number } | null;
}

/**
 * The marks on a recording's timeline: the session's moments (call started and ended, captures,
 * identity verdict, case received or declined, chat lines, mute and unmute, reconnects) placed at
 * their offset from the recording's start. Chat lines are cut short; nothing personal is added.
 */
import { sessionMoments, type Db, type SessionRow } from '@vwindow/db';
import { mediaSources, t, type MediaSource, type RecordingMark, type RecordingMarkKind } from '../protocol';

/** Audit actions on a session that stand for mute, unmute and reconnect marks (written by RecordingService). */
export const MEDIA_MARK_ACTIONS = { paused: 'session.media_paused', resumed: 'session.media_resumed', rejoined: 'session.media_rejoined' } as const;

export async function recordingMarks(db: Db, session: SessionRow, recordingStart: Date | null): Promise<RecordingMark[]> {
  const zero = recordingStart ?? session.acceptedAt ?? session.createdAt;
  const marks: RecordingMark[] = [];
  const add = (kind: RecordingMarkKind, at: Date, params: { verdict?: string; text?: string; source?: string } = {}) =>
    marks.push({ kind, at: at.toISOString(), offset: Math.max(0, (at.getTime() - zero.getTime()) / 1000), label: t(`server.recordingMarks.${kind}`, { ...params }) as string });
  const moments = await sessionMoments(db, session.id);
  if (session.acceptedAt) add('call_started', session.acceptedAt);
  for (const capture of moments.captures) add('capture', capture.at);
  for (const check of moments.identity) add('identity_verdict', check.at, { verdict: t(check.verdict === 'verified' ? 'server.timeline.identityVerified' : 'server.timeline.identityNotVerified') });
  for (const event of moments.caseEvents) {
    if (event.action === 'receive') add('case_received', event.at);
    if (event.action === 'decline') add('case_declined', event.at);
  }
  for (const line of moments.chat) add('chat', line.at, { text: line.text.length > 40 ? `${line.text.slice(0, 40)}…` : line.text });
  for (const row of moments.audit) {
    const named = (row.after as { source?: string } | null)?.source;
    const source: string = t(`names.mediaSource.${mediaSources.includes(named as MediaSource) ? (named as MediaSource) : 'camera'}`);
    if (row.action === 'capture.recapture_requested') add('recapture_requested', row.at);
    if (row.action === MEDIA_MARK_ACTIONS.paused) add('mute', row.at, { source });
    if (row.action === MEDIA_MARK_ACTIONS.resumed) add('unmute', row.at, { source });
    if (row.action === MEDIA_MARK_ACTIONS.rejoined) add('reconnect', row.at);
  }
  if (session.endedAt) add('call_ended', session.endedAt);
  return marks.sort((a, b) => a.offset - b.offset);
}

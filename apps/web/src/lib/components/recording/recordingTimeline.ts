/**
 * A session's recording as the player reads it: the segments of each picture (收件窗口摄像头, 属地窗口摄像头,
 * 高拍仪) and of each microphone in time order, across the track numbers a room made again starts
 * (t0, t1, …), and where a moment of the timeline falls among them.
 */
import type { RecordingEntryView, SessionRecordingView } from '$shared/recordings';

export interface PlayableSegment {
  url: string;
  /** Seconds from the recording's start. */
  offset: number;
  duration: number;
}

/** One picture or one microphone: `local-camera`, `home-microphone`, … */
export interface PlayableTrack {
  key: string;
  kind: 'audio' | 'video';
  segments: PlayableSegment[];
}

export function playableTracks(view: SessionRecordingView): PlayableTrack[] {
  const tracks = new Map<string, PlayableTrack>();
  for (const entry of view.entries) {
    if (entry.entry !== 'segment' || !entry.url) continue;
    const key = `${entry.side}-${entry.source}`;
    let track = tracks.get(key);
    if (!track) tracks.set(key, (track = { key, kind: entry.mediaKind, segments: [] }));
    track.segments.push({ url: entry.url, offset: entry.offset, duration: entry.duration });
  }
  for (const track of tracks.values()) track.segments.sort((a, b) => a.offset - b.offset);
  const order = ['local-camera', 'home-camera', 'local-document'];
  return [...tracks.values()].sort((a, b) => rank(order, a.key) - rank(order, b.key));
}

function rank(order: string[], key: string): number {
  const at = order.indexOf(key);
  return at === -1 ? order.length : at;
}

/** The recording's length in seconds (the end of its last entry). */
export function recordingLength(entries: RecordingEntryView[]): number {
  return entries.reduce((max, entry) => Math.max(max, entry.offset + entry.duration), 0);
}

/**
 * Where `position` (seconds from the start) is played: the segment holding it, or the next one after
 * it (a gap is skipped), with the time inside that segment; null past the last segment.
 */
export function locate(segments: PlayableSegment[], position: number): { index: number; time: number } | null {
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index]!;
    if (position < segment.offset) return { index, time: 0 };
    if (position < segment.offset + segment.duration) return { index, time: position - segment.offset };
  }
  return null;
}

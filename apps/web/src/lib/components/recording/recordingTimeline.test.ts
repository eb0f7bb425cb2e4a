import { describe, expect, it } from 'vitest';
import { locate, playableTracks, recordingLength } from './recordingTimeline';
import type { RecordingEntryView, SessionRecordingView } from '$shared/recordings';

const entry = (side: 'local' | 'home', source: 'camera' | 'microphone', offset: number, duration: number, kind: 'segment' | 'gap' = 'segment'): RecordingEntryView => ({
  id: `${side}-${source}-${offset}`,
  entry: kind,
  track: `${side}-${source}-t0`,
  side,
  source,
  mediaKind: source === 'camera' ? 'video' : 'audio',
  startedAt: '',
  endedAt: '',
  offset,
  duration,
  bytes: 1,
  sha256: 'x',
  purged: false,
  url: kind === 'segment' ? `/api/recordings/${side}-${source}-${offset}/file` : null,
});

describe('the recording timeline', () => {
  const view: SessionRecordingView = {
    sessionId: 's',
    startedAt: null,
    endedAt: null,
    entries: [entry('home', 'camera', 0.2, 10), entry('local', 'camera', 10, 10), entry('local', 'camera', 0, 10), entry('local', 'camera', 20, 1, 'gap'), entry('local', 'camera', 21, 5), entry('local', 'microphone', 0, 26)],
    marks: [],
    notice: null,
  };

  it('groups segments by picture and microphone in time order, the local camera first, gaps left out', () => {
    const tracks = playableTracks(view);
    expect(tracks.map((track) => track.key)).toEqual(['local-camera', 'home-camera', 'local-microphone']);
    expect(tracks[0]!.segments.map((segment) => segment.offset)).toEqual([0, 10, 21]);
  });

  it('finds the segment of a moment, skipping a gap to the next segment, none past the end', () => {
    const [local] = playableTracks(view);
    expect(locate(local!.segments, 12.5)).toEqual({ index: 1, time: 2.5 });
    expect(locate(local!.segments, 20.5)).toEqual({ index: 2, time: 0 });
    expect(locate(local!.segments, 30)).toBeNull();
    expect(recordingLength(view.entries)).toBe(26);
  });
});

/**
 * Records one session's room: a TrackRecorder for each producer there when it starts and for each
 * one added later (both cameras, both microphones, the document camera while it is on), all writing
 * into the session's folder. A producer that closes ends its track (its consumer closes).
 */
import { EventEmitter } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Logger } from '../logger';
import type { RecordableProducer, RecordableRoom } from './roomTap';
import { TrackRecorder, type RecordedSegment, type RecordingGap } from './TrackRecorder';
import type { RecorderPorts } from './recorderPorts';
import type { RecorderPool } from './recorderPool';

export interface RecordedTrack {
  name: string;
  producer: RecordableProducer;
}

export interface SessionRecorderOptions {
  room: RecordableRoom;
  dir: string;
  ports: RecorderPorts;
  ip: string;
  segmentSeconds: number;
  logger: Logger;
  pool: RecorderPool;
  /** See TrackRecorderOptions.untilPeersResume. */
  untilPeersResume?: (producerId: string) => Promise<void>;
  ffmpegPath?: string;
  /**
   * The next track number of each track kind in the session's folder, shared by the session's
   * recorders in this process: a room made again (its worker died) never takes a number an earlier
   * recorder still writes under, even one whose first file is not on disk yet.
   */
  trackNumbers?: Map<string, number>;
}

export interface SessionRecorderEvents {
  segment: [track: RecordedTrack, segment: RecordedSegment];
  gap: [track: RecordedTrack, gap: RecordingGap];
  run: [pid: number];
  paused: [track: RecordedTrack, paused: boolean];
}

/**
 * The next track number of each track kind (`local-camera-video`…) in a session's folder: `numbers`
 * (those taken in this process) raised to follow the files there, and returned. A room made again
 * (its worker died, the server restarted) records into the same folder: its track numbers go on from
 * the files there, so that no finished (hashed) segment is written over.
 */
export function countTracks(dir: string, numbers: Map<string, number>): Map<string, number> {
  for (const file of existsSync(dir) ? readdirSync(dir) : []) {
    const named = /^(.+)-t(\d+)-r\d+-\d{5}\.webm$/.exec(file);
    if (named) numbers.set(named[1]!, Math.max(numbers.get(named[1]!) ?? 0, Number(named[2]) + 1));
  }
  return numbers;
}

export class SessionRecorder extends EventEmitter<SessionRecorderEvents> {
  readonly #options: SessionRecorderOptions;
  readonly #tracks = new Map<string, Promise<TrackRecorder | null>>();
  readonly #counts: Map<string, number>;
  readonly #onProducer = (producer: RecordableProducer) => this.#record(producer);
  #closed = false;
  readonly #ready: Promise<void>;

  constructor(options: SessionRecorderOptions) {
    super();
    this.#options = options;
    this.#counts = countTracks(options.dir, options.trackNumbers ?? new Map<string, number>());
    this.#ready = mkdir(options.dir, { recursive: true }).then(() => undefined);
    options.room.on('producerAdded', this.#onProducer);
    for (const producer of options.room.recordableProducers()) this.#record(producer);
  }

  get sessionId(): string {
    return this.#options.room.sessionId;
  }

  /** The live track recorders (for tests and the benchmark). */
  async trackRecorders(): Promise<TrackRecorder[]> {
    const all = await Promise.all([...this.#tracks.values()]);
    return all.filter((track): track is TrackRecorder => track !== null && !track.closed);
  }

  #record(producer: RecordableProducer): void {
    if (this.#closed || this.#tracks.has(producer.id)) return;
    const kindName = `${producer.side}-${producer.source}-${producer.kind}`;
    const count = this.#counts.get(kindName) ?? 0;
    this.#counts.set(kindName, count + 1);
    const track: RecordedTrack = { name: `${kindName}-t${count}`, producer };
    const { router } = this.#options.room;
    const making = this.#ready
      .then(() =>
        TrackRecorder.create({
          router,
          producer,
          dir: this.#options.dir,
          stem: track.name,
          ports: this.#options.ports,
          ip: this.#options.ip,
          segmentSeconds: this.#options.segmentSeconds,
          logger: this.#options.logger,
          pool: this.#options.pool,
          ...(this.#options.untilPeersResume ? { untilPeersResume: this.#options.untilPeersResume } : {}),
          ...(this.#options.ffmpegPath ? { ffmpegPath: this.#options.ffmpegPath } : {}),
        }),
      )
      .then(
        (recorder) => {
          recorder.on('segment', (segment) => this.emit('segment', track, segment));
          recorder.on('gap', (gap) => this.emit('gap', track, gap));
          recorder.on('run', (pid) => this.emit('run', pid));
          recorder.on('paused', (paused) => this.emit('paused', track, paused));
          const pid = recorder.pid;
          if (pid !== undefined) this.emit('run', pid);
          recorder.once('closed', () => this.#tracks.delete(producer.id));
          if (this.#closed) void recorder.close();
          return recorder;
        },
        (error: unknown) => {
          this.#options.logger.error({ err: error, sessionId: this.sessionId, track: track.name }, 'could not start recording a track');
          this.#tracks.delete(producer.id);
          return null;
        },
      );
    this.#tracks.set(producer.id, making);
  }

  /** Stops every track; resolves once their last segments are written and reported. Safe to call twice (see TrackRecorder.close's `drainMs`). */
  async close(drainMs?: number): Promise<void> {
    this.#closed = true;
    this.#options.room.off('producerAdded', this.#onProducer);
    const tracks = await Promise.all([...this.#tracks.values()]);
    await Promise.all(tracks.filter((track) => track !== null).map((track) => track.close(drainMs)));
  }
}

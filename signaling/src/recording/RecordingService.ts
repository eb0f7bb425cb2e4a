/**
 * 录音录像: every session recorded on the server from its accept to its end. Rooms are handed in as
 * they are made (RoomRegistry's onSessionRoom); a session's room is recorded while the session is
 * active, from the accept: its recorder processes wait in a pool (./recorderPool.ts), spawned ahead
 * of need, so that starting them does not hold up the call's start. Each finished segment and each
 * gap becomes a row of `recordings` with its audit row (the segment's sha256 enters the chain),
 * written in batches (./recordingRows.ts); the files live under <data dir>/recordings/<session>/.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { appendAudit, findSession, type Database } from '@vwindow/db';
import { MEDIA_MARK_ACTIONS } from './recordingMarks';
import type { Logger } from '../logger';
import type { SessionService } from '../sessions/SessionService';
import { RecorderPorts, type PortRange } from './recorderPorts';
import { registerLeftoverSegments, registerLeftoversOfSession, segmentTrack } from './leftoverSegments';
import type { RecordableRoom } from './roomTap';
import { countTracks, SessionRecorder, type RecordedTrack } from './SessionRecorder';
import { recorderArgs } from './ffmpegRecorder';
import { RecorderPool } from './recorderPool';
import { peerConsumersOf } from './peerConsumers';
import type { RecordedSegment, RecordingGap } from './TrackRecorder';
import { RecordingRowWriter } from './recordingRows';

/** The tracks a call starts with, whose recorders are started while the session waits (see attachRoom). */
const EXPECTED_TRACKS = ['local-camera-video', 'local-microphone-audio', 'home-camera-video', 'home-microphone-audio'];
/** At most this many recorders wait started for waiting sessions (four per session). */
const MAX_RESERVED = 16;
/** After the accept, recorders started for tracks that did not come are ended after this long. */
const RESERVED_AFTER_ACCEPT_MS = 10_000;
/** How long a recorder may drain when the server stops before it is asked to finish (SIGINT closes its segment properly). */
const SHUTDOWN_DRAIN_MS = 1000;

export interface RecordingServiceOptions {
  database: Database;
  sessions: SessionService;
  /** <data dir>/recordings */
  dir: string;
  ports: PortRange;
  /** Loopback address between the worker and the recorders. Default 127.0.0.1. */
  ip?: string;
  /** Segment length, seconds. Default 10. */
  segmentSeconds?: number;
  logger: Logger;
  /** false: nothing is recorded (VWINDOW_RECORDING=off). */
  enabled?: boolean;
  ffmpegPath?: string;
  /**
   * Whether another live node records `sessionId` now (several nodes on one shared data directory):
   * the start-up registration of leftovers then leaves its folder alone. Default: none does.
   */
  recordedElsewhere?: (sessionId: string) => Promise<boolean>;
}

export class RecordingService {
  readonly #options: RecordingServiceOptions;
  readonly #ports: RecorderPorts;
  /** Recorder processes spawned ahead of need; null when recording is off. */
  readonly #pool: RecorderPool | null;
  /** The current room of each session, recorded or waiting for the accept. */
  readonly #rooms = new Map<string, RecordableRoom>();
  readonly #recorders = new Map<string, SessionRecorder>();
  /** Track numbers taken per session in this process (SessionRecorder's trackNumbers). */
  readonly #trackNumbers = new Map<string, Map<string, number>>();
  readonly #stopping = new Set<Promise<void>>();
  /** Rows the recorders' events are writing (segments, gaps, pauses) and delayed starts. */
  readonly #writes = new Set<Promise<void>>();
  /** Session recorders still writing their last segments (their input stopped; FFmpeg drains). */
  readonly #closing = new Set<SessionRecorder>();
  /** Segment and gap rows, written in batches on one connection at a time. */
  readonly #rowWriter: RecordingRowWriter;
  /** Process ids of recorder runs, for the benchmark. */
  readonly #pids = new Set<number>();
  #closed = false;

  /** The start-up registration of what a killed server left (./leftoverSegments.ts): how many segments. */
  readonly leftoversRegistered: Promise<number>;

  constructor(options: RecordingServiceOptions) {
    this.#options = options;
    this.#rowWriter = new RecordingRowWriter(options.database.db, { logger: options.logger.child({ part: 'recording' }) });
    this.#ports = new RecorderPorts(options.ports, options.ip ?? '127.0.0.1');
    this.#pool =
      options.enabled === false ? null : new RecorderPool({ args: recorderArgs(options.segmentSeconds ?? 10), ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}) });
    this.leftoversRegistered = registerLeftoverSegments({
      ...this.#leftoverOptions(),
      ...(options.recordedElsewhere ? { skip: options.recordedElsewhere } : {}),
    }).catch((error: unknown) => {
      options.logger.error({ err: error }, 'could not register the recording segments a stopped server left');
      return 0;
    });
    options.sessions.on('accepted', (sessionId) => this.#background('could not start recording', sessionId, () => this.#startIfActive(sessionId)));
    options.sessions.on('closed', (sessionId) => {
      this.#pool?.release(`${this.sessionDir(sessionId)}/`);
      this.#stop(sessionId);
      this.#trackNumbers.delete(sessionId);
    });
  }

  get dir(): string {
    return this.#options.dir;
  }

  /**
   * A session changed on another node (several nodes: the accept may be made on the home clerk's node
   * while the room is here): when its room is here and it is active now, its recording starts.
   */
  changedElsewhere(sessionId: string): void {
    if (!this.#rooms.has(sessionId) || this.#recorders.has(sessionId)) return;
    this.#background('could not start recording', sessionId, () => this.#startIfActive(sessionId));
  }

  #leftoverOptions() {
    const { database, dir, logger, ffmpegPath } = this.#options;
    return { database, dir, logger: logger.child({ part: 'recording' }), ...(ffmpegPath ? { ffmpegPath } : {}) };
  }

  /**
   * This node takes over the room of `sessionId` from a node that was lost: what that node recorded and
   * did not register (its open segments) is registered, as at start-up. Call it before the room is
   * re-created here: the folder's tracks are read now, so this node's own new tracks are not taken for
   * leftovers; the registration itself goes on in the background (the lost node's recorders, when on
   * this machine, are first let end). Resolves with how many segments were registered.
   */
  takeOver(sessionId: string): Promise<number> {
    const folder = this.sessionDir(sessionId);
    const tracks = new Set((existsSync(folder) ? readdirSync(folder) : []).map(segmentTrack).filter((track) => track !== null));
    return new Promise((resolve) => {
      this.#background('could not register the recording segments a lost node left', sessionId, async () => {
        try {
          resolve(await registerLeftoversOfSession(this.#leftoverOptions(), sessionId, 'takeover', tracks));
        } catch (error) {
          resolve(0);
          throw error;
        }
      });
    });
  }

  sessionDir(sessionId: string): string {
    return join(this.#options.dir, sessionId);
  }

  /** The session recorders running now (tests, benchmark). */
  recorderOf(sessionId: string): SessionRecorder | undefined {
    return this.#recorders.get(sessionId);
  }

  get recorderPids(): number[] {
    return [...this.#pids];
  }

  /** Process ids of the idle and reserved recorder processes (tests: none outlive close()). */
  get idleRecorderPids(): number[] {
    return this.#pool?.idlePids ?? [];
  }

  /** Output patterns of the recorders started for waiting sessions (tests). */
  get reservedRecorders(): string[] {
    return this.#pool?.reserved ?? [];
  }

  /** A session's room was made (or made again after its worker died): recorded while the session is active. */
  async attachRoom(room: RecordableRoom): Promise<void> {
    if (this.#closed || this.#options.enabled === false) return;
    this.#rooms.set(room.sessionId, room);
    room.once('closed', () => {
      if (this.#rooms.get(room.sessionId) === room) this.#rooms.delete(room.sessionId);
      this.#stop(room.sessionId, room);
    });
    await this.#startIfActive(room.sessionId);
    if (!this.#recorders.has(room.sessionId)) await this.#reserveFor(room.sessionId);
  }

  /**
   * While a session waits (its local clerk is in the room), the recorders of the tracks its call will
   * start with are started, each waiting for its SDP (./recorderPool.ts's reserve), one per turn of
   * the event loop: at the accept they only need their SDP, and the recording begins with the call.
   */
  async #reserveFor(sessionId: string): Promise<void> {
    const pool = this.#pool;
    if (!pool || (await findSession(this.#options.database.db, sessionId))?.status !== 'waiting') return;
    const dir = this.sessionDir(sessionId);
    const counts = countTracks(dir, new Map(this.#trackNumbersOf(sessionId)));
    EXPECTED_TRACKS.forEach((kindName, i) => {
      const pattern = join(dir, `${kindName}-t${counts.get(kindName) ?? 0}-r0-%05d.webm`);
      const timer = setTimeout(
        () =>
          this.#background('could not start a recorder ahead', sessionId, async () => {
            if (pool.reserved.length < MAX_RESERVED && (await findSession(this.#options.database.db, sessionId))?.status === 'waiting') pool.reserve(pattern);
          }),
        i * 20,
      );
      timer.unref();
    });
  }

  async #startIfActive(sessionId: string): Promise<void> {
    const room = this.#rooms.get(sessionId);
    if (!room || room.closed || this.#closed || !this.#pool || this.#recorders.get(sessionId)) return;
    const session = await findSession(this.#options.database.db, sessionId);
    if (session?.status !== 'active') return;
    // Looked at again: another start may have come first while the session was read.
    if (room.closed || this.#closed || this.#recorders.get(sessionId) || this.#rooms.get(sessionId) !== room) return;
    const recorder = new SessionRecorder({
      room,
      dir: this.sessionDir(sessionId),
      ports: this.#ports,
      ip: this.#options.ip ?? '127.0.0.1',
      segmentSeconds: this.#options.segmentSeconds ?? 10,
      logger: this.#options.logger.child({ sessionId, part: 'recording' }),
      pool: this.#pool,
      untilPeersResume: (producerId) => peerConsumersOf(room.router).untilResumed(producerId),
      trackNumbers: this.#trackNumbersOf(sessionId),
      ...(this.#options.ffmpegPath ? { ffmpegPath: this.#options.ffmpegPath } : {}),
    });
    recorder.on('segment', (track, segment) => this.#background('could not record a segment', sessionId, () => this.#segment(sessionId, track, segment)));
    recorder.on('gap', (track, gap) => this.#background('could not record a gap', sessionId, () => this.#gap(sessionId, track, gap)));
    recorder.on('run', (pid) => this.#pids.add(pid));
    recorder.on('paused', (track, paused) =>
      this.#background('could not record a pause', sessionId, () =>
        appendAudit(this.#options.database.db, {
          actorId: staffIdOf(track.producer),
          action: paused ? MEDIA_MARK_ACTIONS.paused : MEDIA_MARK_ACTIONS.resumed,
          entityType: 'session',
          entityId: sessionId,
          after: { track: track.name, side: track.producer.side, source: track.producer.source },
        }),
      ),
    );
    this.#recorders.set(sessionId, recorder);
    const pool = this.#pool;
    setTimeout(() => pool.release(`${this.sessionDir(sessionId)}/`), RESERVED_AFTER_ACCEPT_MS).unref();
    this.#options.logger.info({ sessionId }, 'recording started');
  }

  #trackNumbersOf(sessionId: string): Map<string, number> {
    let numbers = this.#trackNumbers.get(sessionId);
    if (!numbers) this.#trackNumbers.set(sessionId, (numbers = new Map()));
    return numbers;
  }

  #stop(sessionId: string, onlyOf?: RecordableRoom): void {
    const recorder = this.#recorders.get(sessionId);
    if (!recorder) return;
    if (onlyOf && this.#rooms.has(sessionId) && this.#rooms.get(sessionId) !== onlyOf) return;
    this.#recorders.delete(sessionId);
    this.#closing.add(recorder);
    const stopping = recorder.close().finally(() => {
      this.#stopping.delete(stopping);
      this.#closing.delete(recorder);
    });
    this.#stopping.add(stopping);
  }

  #row(sessionId: string, track: RecordedTrack) {
    return {
      id: randomUUID(),
      sessionId,
      track: track.name,
      side: track.producer.side,
      source: track.producer.source,
      mediaKind: track.producer.kind,
      staffId: staffIdOf(track.producer),
    };
  }

  async #segment(sessionId: string, track: RecordedTrack, segment: RecordedSegment): Promise<void> {
    await this.#rowWriter.write({
      row: {
        ...this.#row(sessionId, track),
        entry: 'segment',
        file: segment.file,
        startedAt: segment.startedAt,
        endedAt: segment.endedAt,
        bytes: segment.bytes,
        sha256: segment.sha256,
      },
    });
  }

  async #gap(sessionId: string, track: RecordedTrack, gap: RecordingGap): Promise<void> {
    await this.#rowWriter.write({
      row: { ...this.#row(sessionId, track), entry: 'gap', startedAt: gap.from, endedAt: gap.to, gapReason: gap.reason },
    });
  }

  /**
   * Runs a write the recorder's events start (a segment, a gap, a pause) or a delayed start: idle()
   * waits for it, a failure is logged.
   */
  #background(what: string, sessionId: string, task: () => Promise<unknown>): void {
    const running: Promise<void> = task()
      .then(() => undefined, (error: unknown) => this.#options.logger.error({ sessionId, err: error }, what))
      .finally(() => this.#writes.delete(running));
    this.#writes.add(running);
  }

  /** Resolves once every recording that was stopping has written its last rows (tests). */
  async idle(): Promise<void> {
    while (this.#stopping.size > 0 || this.#writes.size > 0) await Promise.all([...this.#stopping, ...this.#writes]);
  }

  /** Ends every recording in progress, writing their last segments; before the database closes. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#pool?.close();
    // Rows that could not be written are left to the next start-up (their files stay), not waited for.
    this.#rowWriter.close();
    for (const sessionId of [...this.#recorders.keys()]) this.#stop(sessionId);
    // The server is stopping: no waiting for FFmpeg's read timeout, each recorder closes its segment now.
    for (const recorder of this.#closing) void recorder.close(SHUTDOWN_DRAIN_MS);
    await Promise.all([this.idle(), this.leftoversRegistered]);
  }
}

/** The staff member behind a recorded producer; null for a guest (第三方), whose peer id is not a staff id (side 'guest' says who). */
function staffIdOf(producer: { side: string; staffId: number }): number | null {
  return producer.side === 'guest' ? null : producer.staffId;
}

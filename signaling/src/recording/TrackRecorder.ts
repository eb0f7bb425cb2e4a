/**
 * Records one producer of a session (a camera, a microphone, the document camera) from the session's
 * router: a PlainTransport (no comedia, RTCP muxed, ports from the recorder range) with a consumer of
 * one fixed simulcast layer, into FFmpeg runs (./ffmpegRecorder.ts) writing WebM segments.
 *
 * Keyframes are asked for when a run starts, when the consumer resumes, when its layer changes and
 * at each segment length (segments are cut at keyframes). At a call's start a video consumer resumes
 * with the clerks' (`untilPeersResume`), so that it does not take the call's first keyframe from them. A run that dies while the producer sends
 * is replaced after `restartDelayMs`; the time between is reported as a gap. A paused producer (muted)
 * lets its run end by itself (FFmpeg's read timeout) and starts a new one when it resumes: no gap.
 *
 * Each finished segment is reported with its wall-clock start and end: the first packet forwarded to
 * a run (the consumer's first keyframe or RTP trace) is that run's time zero.
 */
import { EventEmitter } from 'node:events';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { types } from 'mediasoup';
import type { Logger } from '../logger';
import { FfmpegRecorder, type FinishedSegment } from './ffmpegRecorder';
import type { RecorderPool } from './recorderPool';
import { untilBound, type RecorderPorts } from './recorderPorts';
import { finalizeSegment, nextSegmentFile, probeDuration, untilSegmentClosed } from './segmentFiles';
import type { RecordableProducer } from './roomTap';

/** The simulcast layer recorded: the middle one (half resolution), or the nearest below it. */
export const RECORDED_LAYERS: types.ConsumerLayers = { spatialLayer: 1, temporalLayer: 2 };

/** How long a recorder may take to write what it was sent and end by itself before it is stopped. */
const DRAIN_MS = 15_000;

export interface TrackRecorderOptions {
  router: types.Router;
  producer: RecordableProducer;
  dir: string;
  /** File name stem: the run number and the segment number are appended. */
  stem: string;
  ports: RecorderPorts;
  ip: string;
  segmentSeconds: number;
  logger: Logger;
  /** Where the recorder processes come from (its segment length is `segmentSeconds`). */
  pool: RecorderPool;
  ffmpegPath?: string;
  /**
   * Resolves when the recorder of a video producer may resume: with the clerks' consumers at a call's
   * start (./peerConsumers.ts), so that one keyframe serves them all. Default: at once.
   */
  untilPeersResume?: (producerId: string) => Promise<void>;
  /** Delay before a run that died is replaced. Default 500 ms. */
  restartDelayMs?: number;
}

export interface RecordedSegment {
  file: string;
  run: number;
  startedAt: Date;
  endedAt: Date;
  bytes: number;
  sha256: string;
}

export interface RecordingGap {
  from: Date;
  to: Date;
  reason: string;
}

export interface TrackRecorderEvents {
  segment: [segment: RecordedSegment];
  gap: [gap: RecordingGap];
  /** The producer was paused (muted) or resumed: marks on the timeline. */
  paused: [paused: boolean];
  /** A run of the recorder started (pid), for watching its CPU. */
  run: [pid: number];
  closed: [];
}

/** Only the codec itself: no RTX, no header extensions, no feedback FFmpeg would not answer. */
export function recorderCapabilities(router: types.Router, kind: types.MediaKind): types.RtpCapabilities {
  const codecs = (router.rtpCapabilities.codecs ?? []).filter((codec) => codec.kind === kind && !codec.mimeType.endsWith('/rtx'));
  return { codecs: codecs.map((codec) => ({ ...codec, rtcpFeedback: [] })), headerExtensions: [] };
}

/**
 * The wall-clock time of a worker event: the worker stamps it with libuv's monotonic clock in ms (the
 * clock process.hrtime reads here), so it does not depend on when this thread gets to the event
 * (spawns, remuxes and busy cores delay that by tens to hundreds of ms). Now, if the stamp is not
 * from the last minute (another clock).
 */
export function workerTimeToDate(workerMs: number): Date {
  const sinceMs = Number(process.hrtime.bigint() / 1_000_000n) - workerMs;
  return new Date(Date.now() - (sinceMs >= 0 && sinceMs < 60_000 ? sinceMs : 0));
}

export class TrackRecorder extends EventEmitter<TrackRecorderEvents> {
  readonly #options: TrackRecorderOptions;
  readonly #transport: types.PlainTransport;
  readonly #consumer: types.Consumer;
  readonly #ports: number[];
  #run = 0;
  #recorder: FfmpegRecorder | null = null;
  #died: Date | null = null;
  /** Where the files of the run that died end (wall clock), once they are finished; null: none. */
  #diedWritten: Promise<Date | null> = Promise.resolve(null);
  #keyFrameTimer: NodeJS.Timeout | undefined;
  #restartTimer: NodeJS.Timeout | undefined;
  #pending = new Set<Promise<void>>();
  /** Segment files being (or made) final, by name: a file is remuxed and hashed once. */
  readonly #finishing = new Map<string, Promise<void>>();
  #closed = false;
  #closing: Promise<void> | undefined;

  static async create(options: TrackRecorderOptions): Promise<TrackRecorder> {
    const recorderPort = await options.ports.takePair();
    const transportPort = await options.ports.take();
    const give = () => {
      options.ports.give(transportPort);
      if (recorderPort !== undefined) [recorderPort, recorderPort + 1].forEach((port) => options.ports.give(port));
    };
    if (transportPort === undefined || recorderPort === undefined) {
      give();
      throw new Error('no free port left in the recorder port range (VWINDOW_RECORDER_PORTS)');
    }
    let transport: types.PlainTransport | undefined;
    try {
      transport = await options.router.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: options.ip, port: transportPort },
        rtcpMux: true,
        comedia: false,
        appData: { recording: true },
      });
      await transport.connect({ ip: options.ip, port: recorderPort });
      const consumer = await transport.consume({
        producerId: options.producer.id,
        rtpCapabilities: recorderCapabilities(options.router, options.producer.kind),
        paused: true,
        ...(options.producer.kind === 'video' ? { preferredLayers: RECORDED_LAYERS } : {}),
        appData: { recording: true },
      });
      return new TrackRecorder(options, transport, consumer, [transportPort, recorderPort, recorderPort + 1]);
    } catch (error) {
      transport?.close();
      give();
      throw error;
    }
  }

  private constructor(options: TrackRecorderOptions, transport: types.PlainTransport, consumer: types.Consumer, ports: number[]) {
    super();
    this.#options = options;
    this.#transport = transport;
    this.#consumer = consumer;
    this.#ports = ports;
    consumer.observer.once('close', () => void this.close());
    consumer.on('producerpause', () => this.emit('paused', true));
    consumer.on('producerresume', () => {
      this.emit('paused', false);
      if (!this.#recorder && !this.#restartTimer) this.#startRun();
      else void this.#requestKeyFrame();
    });
    consumer.on('layerschange', () => void this.#requestKeyFrame());
    // Media flows once the recorder listens, so that the keyframe asked for on resuming reaches it.
    this.#startRun();
    void untilBound(ports[1]!)
      .then(() => (options.producer.kind === 'video' ? options.untilPeersResume?.(options.producer.id) : undefined))
      .then(() => consumer.resume())
      .then(
        () => this.#requestKeyFrame(),
        () => undefined,
      );
    this.#keyFrameTimer = setInterval(() => void this.#requestKeyFrame(), options.segmentSeconds * 1000);
    this.#keyFrameTimer.unref();
  }

  get producerId(): string {
    return this.#options.producer.id;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The current run's process id (for tests and the benchmark). */
  get pid(): number | undefined {
    return this.#recorder?.pid;
  }

  get consumer(): types.Consumer {
    return this.#consumer;
  }

  async #requestKeyFrame(): Promise<void> {
    if (this.#closed || this.#options.producer.kind !== 'video') return;
    await this.#consumer.requestKeyFrame().catch(() => undefined);
  }

  /** Resolves with the wall-clock time of the next packet the consumer forwards (as the worker timed it). */
  /**
   * The run's time zero: the worker's timestamp of the first packet forwarded to it (video: the first
   * keyframe). A consumer closed before any came (the call ended first) gives `startedAt` instead, so
   * that whatever is on disk is still finished and reported, not waited for.
   */
  #firstPacket(startedAt: Date): Promise<Date> {
    const type = this.#options.producer.kind === 'video' ? 'keyframe' : 'rtp';
    const consumer = this.#consumer;
    return new Promise((resolve) => {
      const done = (at: Date) => {
        consumer.off('trace', seen);
        consumer.observer.off('close', closed);
        resolve(at);
      };
      const seen = (trace: types.ConsumerTraceEventData) => {
        if (!consumer.closed) void consumer.enableTraceEvent([]).catch(() => undefined);
        done(workerTimeToDate(trace.timestamp));
      };
      const closed = () => done(startedAt);
      consumer.on('trace', seen);
      consumer.observer.once('close', closed);
      if (consumer.closed) closed();
      else void consumer.enableTraceEvent([type]).catch(() => undefined);
    });
  }

  #startRun(): void {
    if (this.#closed) return;
    this.#restartTimer = undefined;
    const run = this.#run++;
    const { dir, stem, ip, pool } = this.#options;
    const recorder = new FfmpegRecorder({
      rtpParameters: this.#consumer.rtpParameters,
      kind: this.#options.producer.kind,
      port: this.#ports[1]!,
      ip,
      pattern: join(dir, `${stem}-r${run}-%05d.webm`),
      pool,
    });
    this.#recorder = recorder;
    const origin = this.#firstPacket(new Date());
    void untilBound(this.#ports[1]!).then(() => this.#requestKeyFrame());
    const died = this.#died;
    if (died) {
      // The gap starts where the dead run's files end (a killed FFmpeg loses its last unflushed second).
      const written = this.#diedWritten;
      void Promise.all([written, origin]).then(([from, to]) => this.emit('gap', { from: from && from < died ? from : died, to, reason: 'recorder_restarted' }));
      this.#died = null;
      this.#diedWritten = Promise.resolve(null);
    }
    if (recorder.pid !== undefined) this.emit('run', recorder.pid);
    // A restarted run listens on the same port: its first keyframe is asked for once it does (above).
    const reported = { files: new Set<string>(), end: 0 };
    recorder.on('segment', (segment) => {
      const file = segment.file.replace(/^.*\//, '');
      reported.files.add(file);
      reported.end = segment.end;
      // FFmpeg lists a segment before it has flushed and closed the file: it is final once the next
      // segment's file exists (opened after this one was closed) or the process has ended.
      this.#track(untilSegmentClosed(join(dir, nextSegmentFile(file)), () => recorder.exited).then(() => this.#finish({ ...segment, file }, run, origin)));
    });
    recorder.once('exit', (code, signal, stderr) => {
      if (this.#recorder === recorder) this.#recorder = null;
      // A run that was killed leaves its open segment unreported: finish it from what is on disk.
      const leftovers = this.#finishLeftovers(run, origin, reported);
      this.#track(leftovers);
      if (this.#closed) return;
      if (this.#consumer.producerPaused || this.#consumer.closed) {
        this.#options.logger.info({ producerId: this.producerId, code }, 'recorder run ended while its producer is paused');
        return;
      }
      this.#options.logger.warn({ producerId: this.producerId, code, signal, stderr }, 'recorder died; restarting it');
      this.#died = new Date();
      this.#diedWritten = leftovers.then(
        async () => (reported.end > 0 ? new Date((await origin).getTime() + reported.end * 1000) : null),
        () => null,
      );
      this.#restartTimer = setTimeout(() => {
        this.#startRun();
      }, this.#options.restartDelayMs ?? 500);
    });
  }

  /** Makes a closed segment final (remuxed, hashed) and reports it; each file once, whoever asks. */
  #finish(segment: FinishedSegment, run: number, origin: Promise<Date>): Promise<void> {
    const file = segment.file.replace(/^.*\//, '');
    let finishing = this.#finishing.get(file);
    if (!finishing) {
      finishing = this.#finishClosed({ ...segment, file }, run, origin);
      this.#finishing.set(file, finishing);
    }
    return finishing;
  }

  async #finishClosed(segment: FinishedSegment, run: number, origin: Promise<Date>): Promise<void> {
    const zero = await origin;
    const path = join(this.#options.dir, segment.file);
    const { bytes, sha256 } = await finalizeSegment(path, this.#options.ffmpegPath);
    this.emit('segment', {
      file: segment.file.replace(/^.*\//, ''),
      run,
      startedAt: new Date(zero.getTime() + segment.start * 1000),
      endedAt: new Date(zero.getTime() + segment.end * 1000),
      bytes,
      sha256,
    });
  }

  /** Segments of `run` on disk that FFmpeg never reported (it was killed): remuxed, timed by their duration, reported. */
  async #finishLeftovers(run: number, origin: Promise<Date>, reported: { files: Set<string>; end: number }): Promise<void> {
    const prefix = `${this.#options.stem}-r${run}-`;
    // The run has ended: nothing writes these files any more.
    const files = (await readdir(this.#options.dir)).filter((name) => name.startsWith(prefix) && /-\d{5}\.webm$/.test(name) && !reported.files.has(name) && !this.#finishing.has(name)).sort();
    let start = reported.end;
    for (const file of files) {
      const path = join(this.#options.dir, file);
      const { bytes } = await finalizeSegment(path, this.#options.ffmpegPath);
      const seconds = bytes > 0 ? await probeDuration(path) : 0;
      if (seconds <= 0) {
        await rm(path, { force: true });
        continue;
      }
      reported.files.add(file);
      this.#track(this.#finish({ file, start, end: start + seconds }, run, origin));
      start += seconds;
    }
    reported.end = start;
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.#options.logger.error({ err: error, producerId: this.producerId }, 'could not finish a recording segment'));
    this.#pending.add(tracked);
    void tracked.finally(() => this.#pending.delete(tracked));
  }

  /**
   * Ends the recording: the last segment is closed and reported before this resolves. Safe to call
   * twice; a second call with a shorter `drainMs` (the server stopping) asks the recorder to finish now.
   */
  close(drainMs = DRAIN_MS): Promise<void> {
    if (this.#closing && drainMs < DRAIN_MS) void this.#recorder?.stop();
    this.#closing ??= this.#close(drainMs);
    return this.#closing;
  }

  async #close(drainMs: number): Promise<void> {
    this.#closed = true;
    clearInterval(this.#keyFrameTimer);
    clearTimeout(this.#restartTimer);
    // No more media: the recorder writes what it still has queued and ends by itself when its input
    // falls silent (FFmpeg's read timeout, ~10 s), closing the last segment properly; SIGINT after that.
    this.#transport.close();
    await this.#recorder?.finish(drainMs);
    for (const port of this.#ports) this.#options.ports.give(port);
    await this.#settled();
    this.emit('closed');
  }

  /** Waits for every segment being finished, including those started while waiting. */
  async #settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}

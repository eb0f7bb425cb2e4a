/**
 * One recorder process: FFmpeg (Debian's) reading one RTP stream described by an SDP given on its
 * stdin, writing WebM segments of `segmentSeconds` (cut at keyframes) without re-encoding.
 *
 * Why these flags: the segment muxer's WebM in live mode with a cluster per second and a flush per
 * packet writes each second to disk as it comes, so a recorder or server killed mid-segment leaves
 * that segment playable up to its last whole second, and the finished ones complete. FFmpeg gives up
 * by itself ~10 s after packets stop (its SDP input's read timeout), closing the segment properly:
 * an orphan left by a killed server ends on its own. The segment list (file,start,end in seconds of
 * the stream) goes to stdout, one line as each segment is finished. The process comes from the pool
 * (./recorderPool.ts): spawned ahead of need, it is given its file pattern and SDP on stdin.
 */
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import type { types } from 'mediasoup';
import type { RecorderPool, RecorderProcess } from './recorderPool';

export interface FfmpegRecorderOptions {
  /** The consumer whose packets reach `port`. */
  rtpParameters: types.RtpParameters;
  kind: types.MediaKind;
  /** Loopback port the process receives RTP (and muxed RTCP) on. */
  port: number;
  ip: string;
  /** Output file pattern with one `%05d` for the segment number. */
  pattern: string;
  /** Where the process comes from (its FFmpeg arguments are the pool's: recorderArgs). */
  pool: RecorderPool;
}

export interface FinishedSegment {
  /** File name as written (without directory). */
  file: string;
  /** Seconds from the first packet of this process. */
  start: number;
  end: number;
}

export interface FfmpegRecorderEvents {
  segment: [segment: FinishedSegment];
  exit: [code: number | null, signal: NodeJS.Signals | null, stderrTail: string];
}

/** The SDP FFmpeg needs to receive the consumer's one stream: its codec, payload type and muxed RTCP. */
export function recorderSdp(options: Pick<FfmpegRecorderOptions, 'rtpParameters' | 'kind' | 'port' | 'ip'>): string {
  const codec = options.rtpParameters.codecs[0];
  if (!codec) throw new Error('consumer without a codec');
  const [, name = ''] = codec.mimeType.split('/');
  const family = options.ip.includes(':') ? 'IP6' : 'IP4';
  const rtpmap = options.kind === 'audio' ? `${name}/${codec.clockRate}/${codec.channels ?? 2}` : `${name}/${codec.clockRate}`;
  const fmtp = Object.entries(codec.parameters ?? {})
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(';');
  return [
    'v=0',
    `o=- 0 0 IN ${family} ${options.ip}`,
    's=vwindow recording',
    `c=IN ${family} ${options.ip}`,
    't=0 0',
    `m=${options.kind} ${options.port} RTP/AVP ${codec.payloadType}`,
    'a=rtcp-mux',
    `a=rtpmap:${codec.payloadType} ${rtpmap}`,
    ...(fmtp ? [`a=fmtp:${codec.payloadType} ${fmtp}`] : []),
    'a=recvonly',
    '',
  ].join('\n');
}

/** FFmpeg's arguments up to the output file pattern (which goes last). */
export function recorderArgs(segmentSeconds: number): string[] {
  return [
    '-hide_banner',
    '-loglevel', 'error',
    '-protocol_whitelist', 'pipe,udp,rtp',
    '-f', 'sdp',
    '-i', 'pipe:0',
    '-map', '0',
    '-c', 'copy',
    '-f', 'segment',
    '-segment_time', String(segmentSeconds),
    '-segment_format', 'webm',
    '-segment_format_options', 'live=1:flush_packets=1:cluster_time_limit=1000',
    '-reset_timestamps', '1',
    '-segment_list', 'pipe:1',
    '-segment_list_type', 'csv',
  ];
}

export class FfmpegRecorder extends EventEmitter<FfmpegRecorderEvents> {
  readonly #process: RecorderProcess;
  #stderr = '';
  #exited = false;
  readonly #exit: Promise<void>;

  constructor(options: FfmpegRecorderOptions) {
    super();
    this.#process = options.pool.take(options.pattern);
    this.#process.stdin.end(recorderSdp(options));
    createInterface({ input: this.#process.stdout }).on('line', (line) => {
      const [file, start, end] = line.trim().split(',');
      if (file && start !== undefined && end !== undefined) this.emit('segment', { file, start: Number(start), end: Number(end) });
    });
    this.#process.stderr.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-2000);
    });
    this.#exit = new Promise((resolve) => {
      this.#process.once('close', (code, signal) => {
        this.#exited = true;
        this.emit('exit', code, signal, this.#stderr.trim());
        resolve();
      });
      this.#process.once('error', (error) => {
        this.#stderr += String(error);
      });
    });
  }

  get pid(): number | undefined {
    return this.#process.pid;
  }

  get exited(): boolean {
    return this.#exited;
  }

  /** Waits up to `drainMs` for FFmpeg to end by itself (its input silent), then stops it. */
  async finish(drainMs: number): Promise<void> {
    if (this.#exited) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#exit, new Promise<void>((resolve) => (timer = setTimeout(resolve, drainMs)))]);
    clearTimeout(timer);
    await this.stop();
  }

  /** Asks FFmpeg to finish (SIGINT: the open segment is closed properly); SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.#exited) return;
    this.#process.kill('SIGINT');
    const timer = setTimeout(() => this.#process.kill('SIGKILL'), graceMs);
    await this.#exit;
    clearTimeout(timer);
  }
}

/**
 * A real media source for recording tests without a browser: a still test pattern (SMPTE bars, VP8,
 * a keyframe every 6 frames) and a tone (Opus), encoded once into files by FFmpeg and then sent in
 * real time (`-re`, copied, no encoding on the way, so that a busy machine does not slow the media
 * down) as RTP into PlainTransport producers on a session's router, as a camera and a microphone
 * would appear there.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { types } from 'mediasoup';
import { PacedRelay } from './pacedRelay';

export const PATTERN = 'smptebars=size=320x240:rate=15';
const SECONDS = 90;

export interface SyntheticSource {
  video: types.Producer;
  audio: types.Producer;
  stop(): void;
}

/** The encoded source files (made once per machine, in the temporary directory). */
function encodedSource(): { video: string; audio: string } {
  const video = join(tmpdir(), `vwindow-smptebars-vp8-${SECONDS}s.webm`);
  const audio = join(tmpdir(), `vwindow-tone-opus-${SECONDS}s.webm`);
  const make = (file: string, args: string[]) => {
    if (existsSync(file)) return;
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, '-f', 'webm', `${file}.part`]);
    renameSync(`${file}.part`, file);
  };
  make(video, ['-f', 'lavfi', '-i', `${PATTERN}:duration=${SECONDS}`, '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '16', '-b:v', '300k', '-g', '6']);
  make(audio, ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${SECONDS}`, '-c:a', 'libopus', '-ac', '2', '-b:a', '32k']);
  return { video, audio };
}

function feed(args: string[]): ChildProcess {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...(args.includes('-readrate') ? [] : ['-re']), ...args], { stdio: 'ignore' });
  child.on('error', () => undefined);
  return child;
}

/** A VP8 and an Opus producer, each on a PlainTransport of its own that takes RTP from whoever sends first (comedia). */
async function plainProducers(router: types.Router, options: { rtcpMux: boolean; videoSsrc: number; audioSsrc: number }) {
  const listenInfo: types.TransportListenInfo = { protocol: 'udp', ip: '127.0.0.1' };
  const [videoIn, audioIn] = await Promise.all([
    router.createPlainTransport({ listenInfo, rtcpMux: options.rtcpMux, comedia: true }),
    router.createPlainTransport({ listenInfo, rtcpMux: options.rtcpMux, comedia: true }),
  ]);
  const video = await videoIn.produce({
    kind: 'video',
    rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [{ type: 'nack', parameter: 'pli' }] }], encodings: [{ ssrc: options.videoSsrc }] },
  });
  const audio = await audioIn.produce({
    kind: 'audio',
    rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: options.audioSsrc }] },
  });
  return { videoIn, audioIn, video, audio };
}

export async function syntheticSource(router: types.Router): Promise<SyntheticSource> {
  const files = encodedSource();
  const { videoIn, audioIn, video, audio } = await plainProducers(router, { rtcpMux: true, videoSsrc: 11_111_111, audioSsrc: 22_222_222 });
  const processes = [
    feed(['-i', files.video, '-map', '0:v', '-c', 'copy', '-ssrc', '11111111', '-payload_type', '96', '-f', 'rtp', `rtp://127.0.0.1:${videoIn.tuple.localPort}?pkt_size=1200`]),
    feed(['-i', files.audio, '-map', '0:a', '-c', 'copy', '-ssrc', '22222222', '-payload_type', '100', '-f', 'rtp', `rtp://127.0.0.1:${audioIn.tuple.localPort}`]),
  ];
  return {
    video,
    audio,
    stop() {
      for (const child of processes) child.kill('SIGKILL');
      videoIn.close();
      audioIn.close();
    },
  };
}

/** The flash-and-beep source: every `periodSeconds` a white picture and a 1 kHz beep start on the same timestamp. */
export interface FlashBeepOptions {
  /** Length of the source, seconds. */
  seconds: number;
  /** Seconds between flashes (and between beeps). Default 2. */
  periodSeconds?: number;
  /** Shifts every beep later than its flash (a source out of sync on purpose, to see the analysis fail). Default 0. */
  audioOffsetMs?: number;
  /**
   * After its first `realTimeSeconds` (default 20) in real time, the media goes this many times faster
   * (through ./pacedRelay.ts): minutes of media in seconds, with a call's start. Default 1.
   */
  speed?: number;
  realTimeSeconds?: number;
}

export interface FlashBeepSource extends SyntheticSource {
  periodSeconds: number;
  /** Wall-clock time (ms) at which the worker received the source's first video packet (the flash at 0 s), as the worker timed it. */
  firstVideoPacketAt: Promise<number>;
  /** Resolves when the sender has sent the whole file (or was stopped). */
  sent: Promise<void>;
}

/**
 * One file with both streams, encoded once: black 160×120 at 15 fps (VP8, a keyframe every 3 frames)
 * turning white for 3 frames at each multiple of the period, and Opus silence with a 100 ms 1 kHz
 * beep at the same multiples (plus `audioOffsetMs`). Both are cut from one timeline, so the sync is
 * known: flash k and beep k share the timestamp k × period.
 */
function flashBeepFile(options: FlashBeepOptions): string {
  const period = options.periodSeconds ?? 2;
  const offset = (options.audioOffsetMs ?? 0) / 1000;
  const file = join(tmpdir(), `vwindow-flashbeep-${options.seconds}s-p${period}-o${options.audioOffsetMs ?? 0}.webm`);
  if (existsSync(file)) return file;
  const flash = `lt(mod(t+0.001,${period}),0.19)`;
  const beep = `if(lt(mod(t-${offset},${period}),0.1)*gte(t,${offset}),0.8*sin(2*PI*1000*t),0)`;
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `color=c=black:size=160x120:rate=15:duration=${options.seconds},drawbox=c=white:t=fill:enable='${flash}'`,
    '-f', 'lavfi', '-i', `aevalsrc='${beep}':s=48000:c=stereo:d=${options.seconds}`,
    '-map', '0:v', '-map', '1:a',
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '16', '-b:v', '100k', '-g', '3',
    '-c:a', 'libopus', '-b:a', '32k',
    '-f', 'webm', `${file}.part`,
  ]);
  renameSync(`${file}.part`, file);
  return file;
}

/**
 * The flash-and-beep file sent in real time by one FFmpeg (`-re`, copied) as two RTP streams, each with
 * its RTCP sender reports (on a port of their own, as FFmpeg sends them), into PlainTransport producers
 * on `router`. One process and one clock for both: what reaches the worker is in sync as the file is.
 * With `speed`, FFmpeg sends faster and the relay (./pacedRelay.ts) delivers on its timetable.
 */
export async function flashBeepSource(router: types.Router, options: FlashBeepOptions): Promise<FlashBeepSource> {
  const file = flashBeepFile(options);
  const { videoIn, audioIn, video, audio } = await plainProducers(router, { rtcpMux: false, videoSsrc: 33_333_333, audioSsrc: 44_444_444 });
  const firstVideoPacketAt = new Promise<number>((resolve) => {
    video.once('trace', (trace) => {
      void video.enableTraceEvent([]).catch(() => undefined);
      resolve(Date.now() - (Number(process.hrtime.bigint() / 1_000_000n) - trace.timestamp));
    });
  });
  await video.enableTraceEvent(['rtp']);
  const speed = options.speed ?? 1;
  const targets = [videoIn, audioIn].map((transport, i) => ({ rtpPort: transport.tuple.localPort, rtcpPort: transport.rtcpTuple!.localPort, clockRate: i === 0 ? 90000 : 48000 }));
  const relay = speed === 1 ? undefined : await PacedRelay.create(targets, { speed, realTimeSeconds: options.realTimeSeconds ?? 20 });
  const [videoTo, audioTo] = relay?.ports() ?? targets.map((target) => ({ rtp: target.rtpPort, rtcp: target.rtcpPort }));
  const url = (to: { rtp: number; rtcp: number }) => `rtp://127.0.0.1:${to.rtp}?rtcpport=${to.rtcp}&pkt_size=1200`;
  // Through the relay FFmpeg only has to keep ahead of it (bursts no faster than needed).
  const sender = feed([
    ...(relay ? ['-readrate', String(speed * 1.25)] : []),
    '-i', file,
    '-map', '0:v', '-c', 'copy', '-ssrc', '33333333', '-payload_type', '96', '-f', 'rtp', url(videoTo!),
    '-map', '0:a', '-c', 'copy', '-ssrc', '44444444', '-payload_type', '100', '-f', 'rtp', url(audioTo!),
  ]);
  const sent = new Promise<void>((resolve) => sender.once('exit', () => resolve())).then(async () => {
    while (relay && !relay.drained) await new Promise((wait) => setTimeout(wait, 50));
  });
  return {
    video,
    audio,
    periodSeconds: options.periodSeconds ?? 2,
    firstVideoPacketAt,
    sent,
    stop() {
      sender.kill('SIGKILL');
      relay?.close();
      videoIn.close();
      audioIn.close();
    },
  };
}

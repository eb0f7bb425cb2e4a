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
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', ...args], { stdio: 'ignore' });
  child.on('error', () => undefined);
  return child;
}

export async function syntheticSource(router: types.Router): Promise<SyntheticSource> {
  const files = encodedSource();
  const listenInfo: types.TransportListenInfo = { protocol: 'udp', ip: '127.0.0.1' };
  const [videoIn, audioIn] = await Promise.all([
    router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: true }),
    router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: true }),
  ]);
  const video = await videoIn.produce({
    kind: 'video',
    rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [{ type: 'nack', parameter: 'pli' }] }], encodings: [{ ssrc: 11_111_111 }] },
  });
  const audio = await audioIn.produce({
    kind: 'audio',
    rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 22_222_222 }] },
  });
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

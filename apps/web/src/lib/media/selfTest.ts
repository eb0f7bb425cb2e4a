/**
 * The self-test page's checks, in the browser: the camera and microphone (opened, a frame size, a
 * sound level), and one probe transport per network path to the server (protocol/networkProbe.ts):
 * connected or not within a time limit, and how the server saw it arrive.
 */
import type { types } from 'mediasoup-client';
import type { ProbePath, TransportInfo } from '$shared';
import { t } from '$lib/i18n';
import type { SignalingClient } from '../signaling/SignalingClient';
import { roomDevice } from './preparedDevice';
import type { CheckStatus } from './selfTestVerdict';

export interface CheckOutcome {
  status: CheckStatus;
  detail: string;
}

export interface DeviceOutcome {
  stream: MediaStream | null;
  camera: CheckOutcome;
  microphone: CheckOutcome;
}

function deviceError(error: unknown): CheckOutcome {
  const name = (error as DOMException)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return { status: 'unavailable', detail: t('selfTest.detail.denied') };
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return { status: 'unavailable', detail: t('selfTest.detail.noDevice') };
  return { status: 'unavailable', detail: t('selfTest.detail.otherError', { message: (error as Error)?.message ?? String(error) }) };
}

async function open(constraints: MediaStreamConstraints): Promise<MediaStream | CheckOutcome> {
  try {
    return await navigator.mediaDevices.getUserMedia(constraints);
  } catch (error) {
    return deviceError(error);
  }
}

/** The loudest level (RMS, 0..1) heard on `track` within `ms`. */
async function soundLevel(track: MediaStreamTrack, ms = 1500): Promise<number> {
  const context = new AudioContext();
  try {
    await context.resume();
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let loudest = 0;
    const until = performance.now() + ms;
    while (performance.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      loudest = Math.max(loudest, Math.sqrt(sum / samples.length));
    }
    return loudest;
  } finally {
    void context.close();
  }
}

/** Opens the camera and microphone; each gets its own outcome. The caller stops the stream's tracks. */
export async function checkDevices(): Promise<DeviceOutcome> {
  if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
    const insecure = { status: 'unavailable' as const, detail: t('selfTest.detail.insecure') };
    return { stream: null, camera: insecure, microphone: insecure };
  }
  let both = await open({ video: true, audio: true });
  let camera: CheckOutcome | null = null;
  let microphone: CheckOutcome | null = null;
  if (!(both instanceof MediaStream)) {
    // One of the two may still work alone.
    const video = await open({ video: true });
    const audio = await open({ audio: true });
    const tracks = [video, audio].flatMap((s) => (s instanceof MediaStream ? s.getTracks() : []));
    if (!(video instanceof MediaStream)) camera = video;
    if (!(audio instanceof MediaStream)) microphone = audio;
    both = new MediaStream(tracks);
  }
  const videoTrack = both.getVideoTracks()[0];
  const audioTrack = both.getAudioTracks()[0];
  if (videoTrack && !camera) {
    const { width = 0, height = 0 } = videoTrack.getSettings();
    camera = { status: 'ok', detail: t('selfTest.detail.camera', { label: videoTrack.label || t('selfTest.items.camera'), width, height }) };
  }
  if (audioTrack && !microphone) {
    const label = audioTrack.label || t('selfTest.items.microphone');
    const heard = (await soundLevel(audioTrack)) > 0.005;
    microphone = { status: 'ok', detail: t(heard ? 'selfTest.detail.microphone' : 'selfTest.detail.microphoneSilent', { label }) };
  }
  return {
    stream: both,
    camera: camera ?? { status: 'unavailable', detail: t('selfTest.detail.noDevice') },
    microphone: microphone ?? { status: 'unavailable', detail: t('selfTest.detail.noDevice') },
  };
}

export interface ProbeOutcome extends CheckOutcome {
  /** The server's candidates for this path ("udp 10.0.0.5:40000"), for the verdict's advice. */
  candidates: string[];
}

function candidatesOf(info: TransportInfo): string[] {
  return (info.iceCandidates as { protocol: string; address?: string; ip?: string; port: number }[]).map((c) => `${c.protocol.toUpperCase()} ${c.address ?? c.ip}:${c.port}`);
}

/** Whether a WebRTC connection to the server gets through on `path` within `timeoutMs`. */
export async function probePath(signaling: SignalingClient, path: ProbePath, timeoutMs = 10_000): Promise<ProbeOutcome> {
  let info: TransportInfo;
  let channel;
  try {
    await signaling.ready();
    ({ transport: info, channel } = await signaling.request('probe.open', { path }));
  } catch (error) {
    return { status: 'failed', detail: t('selfTest.detail.server', { message: (error as Error).message }), candidates: [] };
  }
  const candidates = candidatesOf(info);
  if (path === 'relay' && !info.iceServers?.length) return { status: 'unconfigured', detail: '', candidates };
  const device = await roomDevice(signaling);
  const transport = device.createRecvTransport({
    ...(info as unknown as types.TransportOptions),
    iceServers: info.iceServers ?? [],
    iceTransportPolicy: path === 'relay' ? 'relay' : 'all',
  });
  try {
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      signaling.request('probe.connect', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
    });
    const connected = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      transport.on('connectionstatechange', (state) => {
        if (state === 'connected' || state === 'failed') {
          clearTimeout(timer);
          resolve(state === 'connected');
        }
      });
    });
    transport
      .consumeData({ ...channel, sctpStreamParameters: channel.sctpStreamParameters as types.SctpStreamParameters })
      .catch(() => {}); // the connection state tells the outcome
    if (!(await connected)) return { status: 'failed', detail: t('selfTest.detail.timeout', { seconds: Math.round(timeoutMs / 1000) }), candidates };
    const { tuple } = await signaling.request('probe.result', { transportId: transport.id });
    const remote = tuple ? `${tuple.remoteIp}:${tuple.remotePort}` : '?';
    return { status: 'ok', detail: t('selfTest.detail.connected', { protocol: (tuple?.protocol ?? path).toUpperCase(), remote }), candidates };
  } finally {
    transport.close();
  }
}

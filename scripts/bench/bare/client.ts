/**
 * The bare mediasoup page (bundled by bareServer.ts with esbuild): mediasoup-client over a plain
 * WebSocket, nothing else. On load it connects and loads its Device (what a page may do beforehand);
 * `publish()` sends the camera with the product's own encodings (videoEncodings.ts: simulcast, the
 * smallest layer first, the others a second later) and the microphone; the 接收 button's click
 * (`join`) creates the receiving transport, consumes what the other peers publish (made paused,
 * resumed once this side has it, as mediasoup's demo does) and does ICE+DTLS from scratch. The first
 * decoded frame's display time (requestVideoFrameCallback's expectedDisplayTime) goes into
 * `window.bareFirstFrame` and a 'bare:first-frame' event.
 */
import { Device, type types } from 'mediasoup-client';
import { encodingsFor, raiseCameraLayersLater } from '../../../apps/web/src/lib/media/videoEncodings';
import { cameraConstraints, microphoneConstraints } from '../../../apps/web/src/lib/media/devices';

declare global {
  interface Window {
    bare: { ready: Promise<void>; publish(): Promise<void>; join(): Promise<void> };
    bareFirstFrame?: number;
  }
}

const socket = new WebSocket(`ws://${location.host}/ws${location.search}`);
const pending = new Map<number, { resolve: (data: never) => void; reject: (error: Error) => void }>();
let nextId = 1;
socket.onmessage = (event) => {
  const message = JSON.parse(String(event.data)) as { id: number; data?: never; error?: string };
  const waiting = pending.get(message.id);
  pending.delete(message.id);
  if (message.error) waiting?.reject(new Error(message.error));
  else waiting?.resolve(message.data as never);
};

function request<T>(method: string, data: unknown = {}): Promise<T> {
  const id = nextId++;
  socket.send(JSON.stringify({ id, method, data }));
  return new Promise<T>((resolve, reject) => pending.set(id, { resolve, reject }));
}

const device = new Device();
const ready = (async () => {
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  await device.load({ routerRtpCapabilities: await request<types.RtpCapabilities>('capabilities') });
})();

function transportFor(direction: 'send' | 'recv', info: types.TransportOptions): types.Transport {
  const transport = direction === 'send' ? device.createSendTransport(info) : device.createRecvTransport(info);
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    request('connect', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
  });
  transport.on('produce', ({ kind, rtpParameters }, callback, errback) => {
    request<{ id: string }>('produce', { transportId: transport.id, kind, rtpParameters }).then(callback, errback);
  });
  return transport;
}

async function publish(): Promise<void> {
  await ready;
  const send = transportFor('send', await request('createTransport', { direction: 'send' }));
  const stream = await navigator.mediaDevices.getUserMedia({ video: cameraConstraints(), audio: microphoneConstraints() });
  const camera = await send.produce({ track: stream.getVideoTracks()[0]!, encodings: encodingsFor('camera'), codecOptions: { videoGoogleStartBitrate: 1000 } });
  raiseCameraLayersLater(camera, () => true);
  await send.produce({ track: stream.getAudioTracks()[0]!, codecOptions: { opusStereo: false, opusDtx: true } });
}

/** The same milestones as the product's pages mark (MediaRoom's `vwindow:*`), for the trace's breakdown. */
function mark(name: string): void {
  performance.mark(`vwindow:${name}`);
}

function showFirstFrame(track: MediaStreamTrack): void {
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  document.body.append(video);
  video.requestVideoFrameCallback((_now, frame) => {
    window.bareFirstFrame = performance.timeOrigin + frame.expectedDisplayTime;
    window.dispatchEvent(new CustomEvent('bare:first-frame'));
  });
  void video.play().catch(() => undefined);
}

interface ConsumerInfo {
  id: string;
  producerId: string;
  kind: types.MediaKind;
  rtpParameters: types.RtpParameters;
}

async function join(): Promise<void> {
  mark('join:start');
  const recv = transportFor('recv', await request('createTransport', { direction: 'recv' }));
  recv.on('connectionstatechange', (state) => state === 'connected' && mark('recv:connected'));
  mark('join:transports');
  const consumers = await request<ConsumerInfo[]>('consume', { transportId: recv.id, rtpCapabilities: device.rtpCapabilities });
  await Promise.all(
    consumers.map(async (info) => {
      mark(`consume-start:${info.kind}`);
      const consumer = await recv.consume(info);
      mark(`client-consumed:${info.kind}`);
      if (consumer.kind === 'video') showFirstFrame(consumer.track);
      else {
        const audio = new Audio();
        audio.srcObject = new MediaStream([consumer.track]);
      }
      await request('resume', { consumerId: consumer.id });
      mark(`consume:${info.kind}`);
    }),
  );
}

window.bare = { ready, publish, join };
document.querySelector('button')?.addEventListener('click', () => void join());

/**
 * The clerk's capture devices in the browser: which cameras and microphones there are, opening them
 * with the constraints a service window needs (a face camera, a clear voice, a document camera at
 * full detail), and telling a person in plain words why a device would not open.
 */
import { t } from '$lib/i18n';

export interface DeviceOption {
  deviceId: string;
  label: string;
}

export interface DeviceLists {
  cameras: DeviceOption[];
  microphones: DeviceOption[];
}

/** The face camera: 720p is plenty for a face and leaves room for the document camera. */
export function cameraConstraints(deviceId?: string): MediaTrackConstraints {
  return {
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    width: { ideal: 1280 },
    height: { ideal: 720 },
    frameRate: { ideal: 25, max: 30 },
  };
}

/** A voice across a counter: the browser's echo cancelling, noise suppression and gain control. */
export function microphoneConstraints(deviceId?: string): MediaTrackConstraints {
  return {
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
  };
}

/** The document camera (高拍仪): as many pixels as it gives, few frames; a page does not move. */
export function documentCameraConstraints(deviceId: string): MediaTrackConstraints {
  return {
    deviceId: { exact: deviceId },
    width: { ideal: 1920 },
    height: { ideal: 1080 },
    frameRate: { ideal: 15, max: 30 },
  };
}

/** Cameras and microphones from enumerateDevices(), with a readable name when the label is hidden. */
export function groupDevices(devices: readonly Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>[]): DeviceLists {
  const cameras: DeviceOption[] = [];
  const microphones: DeviceOption[] = [];
  for (const device of devices) {
    // Chromium lists a "default" (and "communications") alias of a real microphone; keep the real ones.
    if (!device.deviceId || device.deviceId === 'default' || device.deviceId === 'communications') continue;
    if (device.kind === 'videoinput') {
      cameras.push({ deviceId: device.deviceId, label: device.label || t('call.devices.cameraN', { n: cameras.length + 1 }) });
    } else if (device.kind === 'audioinput') {
      microphones.push({ deviceId: device.deviceId, label: device.label || t('call.devices.microphoneN', { n: microphones.length + 1 }) });
    }
  }
  return { cameras, microphones };
}

/**
 * The camera to use as the document camera: the one asked for, else the first that is not the face
 * camera; null when there is no second camera.
 */
export function pickDocumentCamera(cameras: readonly DeviceOption[], faceCameraId: string | null, wanted?: string): string | null {
  if (wanted && cameras.some((camera) => camera.deviceId === wanted)) return wanted;
  return cameras.find((camera) => camera.deviceId !== faceCameraId)?.deviceId ?? null;
}

/** A sentence for a getUserMedia failure (DOMException names as the browser reports them). */
export function describeMediaError(error: unknown): string {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return t('call.devices.denied');
    case 'NotFoundError':
      return t('call.devices.notFound');
    case 'NotReadableError':
    case 'AbortError':
      return t('call.devices.busy');
    case 'OverconstrainedError':
      return t('call.devices.overconstrained');
    default:
      return t('call.devices.failed', { detail: error instanceof Error ? error.message : String(error) });
  }
}

export async function listDevices(): Promise<DeviceLists> {
  return groupDevices(await navigator.mediaDevices.enumerateDevices());
}

/** Calls `listener` when a device is plugged in or out; returns the unsubscribe function. */
export function onDeviceChange(listener: () => void): () => void {
  navigator.mediaDevices.addEventListener('devicechange', listener);
  return () => navigator.mediaDevices.removeEventListener('devicechange', listener);
}

/** Opens the face camera and the microphone; either may be absent when its device fails. */
export async function openCameraAndMicrophone(): Promise<{ camera: MediaStreamTrack | null; microphone: MediaStreamTrack | null; error: unknown }> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: cameraConstraints(), audio: microphoneConstraints() });
    return { camera: stream.getVideoTracks()[0] ?? null, microphone: stream.getAudioTracks()[0] ?? null, error: null };
  } catch (error) {
    // One device may be missing or busy: try each on its own so that the other still works.
    const [camera, microphone] = await Promise.all([openCamera().catch(() => null), openMicrophone().catch(() => null)]);
    return { camera, microphone, error };
  }
}

export async function openCamera(deviceId?: string): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: cameraConstraints(deviceId) });
  return firstTrack(stream.getVideoTracks());
}

export async function openMicrophone(deviceId?: string): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: microphoneConstraints(deviceId) });
  return firstTrack(stream.getAudioTracks());
}

export async function openDocumentCamera(deviceId: string): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: documentCameraConstraints(deviceId) });
  const track = firstTrack(stream.getVideoTracks());
  // Tell the encoder to keep text sharp rather than motion smooth.
  track.contentHint = 'detail';
  return track;
}

/** The device a track came from ('' when the browser does not say). */
export function deviceIdOf(track: MediaStreamTrack | null): string {
  return track?.getSettings().deviceId ?? '';
}

export function stopTrack(track: MediaStreamTrack | null | undefined): void {
  track?.stop();
}

function firstTrack(tracks: MediaStreamTrack[]): MediaStreamTrack {
  const track = tracks[0];
  if (!track) throw new DOMException('no track', 'NotFoundError');
  return track;
}

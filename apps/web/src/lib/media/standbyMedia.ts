/**
 * How this clerk's producers are made and how standby shapes them (see MediaRoom's `standby`): on
 * standby the camera sends only its smallest layer and the microphone nothing; off standby the camera's
 * upper layers come back shortly after and the microphone sends again, unless the clerk muted it.
 */
import type { types } from 'mediasoup-client';
import type { MediaSource } from '$shared';
import { cameraLayersForStandby, encodingsFor, raiseCameraLayersLater, sendCameraLayersUpTo } from './videoEncodings';

/** The options a producer of `source` is made with. */
export function producerOptions(source: MediaSource, track: MediaStreamTrack): types.ProducerOptions {
  return {
    track,
    encodings: encodingsFor(source),
    codecOptions: source === 'microphone' ? { opusStereo: false, opusDtx: true } : { videoGoogleStartBitrate: 1000 },
    stopTracks: false,
    appData: { source },
  };
}

/** The microphone sends nothing on standby (unless the clerk muted it, which stays as it is). */
export function silencedByStandby(standby: boolean, source: MediaSource): boolean {
  return standby && source === 'microphone';
}

/** Brings `producer` to the standby state `standby()` says now; `muted`: the clerk paused it. */
export async function applyStandby(source: MediaSource, producer: types.Producer, standby: () => boolean, muted: boolean): Promise<void> {
  if (source === 'camera') {
    if (standby()) await sendCameraLayersUpTo(producer, cameraLayersForStandby);
    else raiseCameraLayersLater(producer, () => !standby());
  } else if (source === 'microphone' && !muted) {
    if (standby()) producer.pause();
    else producer.resume();
  }
}

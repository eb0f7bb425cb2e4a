/**
 * How this browser's video is encoded: the main camera in simulcast, starting small, and the
 * document camera and a shared screen in one full-resolution layer each.
 */
import type { types } from 'mediasoup-client';
import { CAMERA_LAYER_MAX_BITRATES, type MediaSource } from '$shared';

/**
 * Simulcast for the main cameras: three layers the SFU picks from per receiver. Without temporal
 * layers (L1T1): mediasoup chooses a receiver's layer from the bitrate of its base temporal layer,
 * and when the browser's first packets reach the server before the producer exists (it starts
 * sending as soon as the transport is up), a stream that begins with an upper temporal layer has no
 * choosable layer until the next bitrate round, a second later.
 */
const CAMERA_ENCODINGS: types.RtpEncodingParameters[] = CAMERA_LAYER_MAX_BITRATES.map((maxBitrate, layer) => ({
  rid: `r${layer}`,
  scaleResolutionDownBy: 2 ** (CAMERA_LAYER_MAX_BITRATES.length - 1 - layer),
  maxBitrate,
  scalabilityMode: 'L1T1',
}));
const TOP_CAMERA_LAYER = CAMERA_ENCODINGS.length - 1;
/** A camera starts with its smallest layer only (first frames need little); the others follow after this long. */
const FULL_LAYERS_AFTER_MS = 1000;
const CAMERA_START_ENCODINGS = CAMERA_ENCODINGS.map((encoding, layer) => ({ ...encoding, active: layer === 0 }));
/** The document camera: one full-resolution layer, detail over motion. */
const DOCUMENT_ENCODINGS: types.RtpEncodingParameters[] = [{ maxBitrate: 4_000_000 }];

/** A shared screen: one layer, text over motion (the track's content hint is "detail"). */
const SCREEN_ENCODINGS: types.RtpEncodingParameters[] = [{ maxBitrate: 2_500_000, maxFramerate: 15 }];

/** The layer a camera keeps to on standby: the smallest. */
export const cameraLayersForStandby = 0;

/** The encodings to produce `source` with (none given: the browser's default, for sound). */
export function encodingsFor(source: MediaSource): types.RtpEncodingParameters[] | undefined {
  if (source === 'screen') return SCREEN_ENCODINGS;
  return source === 'camera' ? CAMERA_START_ENCODINGS : source === 'document' ? DOCUMENT_ENCODINGS : undefined;
}

const layerChanges = new WeakMap<types.Producer, Promise<void>>();

/**
 * Sends `producer`'s layers up to `layer`, after the changes asked for before it. mediasoup-client's
 * `setMaxSpatialLayer` returns at once when asked for the layer it still has, and notes the new one
 * only once the browser has applied it: a release asked for while a hold was being applied was lost,
 * and the camera sent its smallest layer for the rest of the call (tests/netns/links.spec.ts).
 */
export function sendCameraLayersUpTo(producer: types.Producer, layer: number): Promise<void> {
  const change = (layerChanges.get(producer) ?? Promise.resolve())
    .then(() => (producer.closed ? undefined : producer.setMaxSpatialLayer(layer)))
    .catch((error: unknown) => console.warn('camera layers', error));
  layerChanges.set(producer, change);
  return change;
}

/** All of the camera's layers again, if `stillWanted()` now. */
function raiseIfWanted(producer: types.Producer, stillWanted: () => boolean): void {
  if (stillWanted()) void sendCameraLayersUpTo(producer, TOP_CAMERA_LAYER);
}

/** Turns on all of the camera's layers after FULL_LAYERS_AFTER_MS, if `stillWanted()` then. */
export function raiseCameraLayersLater(producer: types.Producer, stillWanted: () => boolean): void {
  setTimeout(() => raiseIfWanted(producer, stillWanted), FULL_LAYERS_AFTER_MS);
}

const heldDown = new WeakMap<types.Producer, ReturnType<typeof setTimeout>>();

/**
 * Sends only the camera's smallest layer for `ms` (then all of them again, if `stillWanted()`): for a
 * link found congested (DownlinkWatch), which is usually as thin the other way, so that the browser's
 * feedback and signaling get through while its own estimate catches up.
 */
export function holdCameraLayersDown(producer: types.Producer, ms: number, stillWanted: () => boolean): void {
  clearTimeout(heldDown.get(producer));
  void sendCameraLayersUpTo(producer, 0);
  heldDown.set(
    producer,
    setTimeout(() => {
      heldDown.delete(producer);
      raiseIfWanted(producer, stillWanted);
    }, ms),
  );
}

/** Ends a hold of `producer`'s layers (holdCameraLayersDown) now: all of them again, if `stillWanted()`. */
export function releaseCameraLayers(producer: types.Producer, stillWanted: () => boolean): void {
  const held = heldDown.get(producer);
  if (held === undefined) return;
  clearTimeout(held);
  heldDown.delete(producer);
  raiseIfWanted(producer, stillWanted);
}

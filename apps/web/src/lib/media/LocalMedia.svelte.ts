/**
 * What this clerk's browser captures for a call: the face camera, the microphone and (local window
 * only) the document camera, which devices they come from, and whether the clerk muted them. It may be
 * opened before it is attached to a room; once attached, every change goes to the MediaRoom (publish
 * replaces a track, setPaused mutes). `stop()` ends every track and is safe to call twice.
 */
import type { MediaSource } from '$shared';
import type { MediaRoom } from './MediaRoom.svelte';
import {
  describeMediaError,
  deviceIdOf,
  listDevices,
  onDeviceChange,
  openCamera,
  openCameraAndMicrophone,
  openDocumentCamera,
  openMicrophone,
  pickDocumentCamera,
  stopTrack,
  type DeviceOption,
} from './devices';
import { t } from '$lib/i18n';
import { deliversFrames, watchFrames } from './cameraFrames';

/** The cameras that could be the document camera, split by whether they gave a frame when opened. */
export interface DocumentCandidates {
  delivering: DeviceOption[];
  silent: DeviceOption[];
}

export class LocalMedia {
  camera = $state<MediaStreamTrack | null>(null);
  microphone = $state<MediaStreamTrack | null>(null);
  document = $state<MediaStreamTrack | null>(null);
  microphoneMuted = $state(false);
  cameraOff = $state(false);
  cameras = $state<DeviceOption[]>([]);
  microphones = $state<DeviceOption[]>([]);
  /** Camera and microphone have been opened (or failed to open): the devices in use are known. */
  opened = $state(false);
  /** The last thing that went wrong with a device, as a sentence; null when all is well. */
  error = $state<string | null>(null);
  /** The document camera in use sends nothing (no frames, or none the encoder can send). */
  documentSilent = $state(false);

  #room: MediaRoom | null = null;
  #starting: Promise<void> | null = null;
  #stopped = false;
  #offDeviceChange: (() => void) | null = null;
  #unwatchDocument: (() => void) | null = null;

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Hands every open track and mute choice to `room`; later changes follow. */
  async attach(room: MediaRoom): Promise<void> {
    this.#room = room;
    if (this.microphoneMuted) await room.setPaused('microphone', true);
    if (this.cameraOff) await room.setPaused('camera', true);
    await Promise.all(
      (['camera', 'microphone', 'document'] as const).map((source) => {
        const track = this.#trackOf(source);
        return track ? room.publish(source, track) : undefined;
      }),
    );
  }

  get cameraId(): string {
    return deviceIdOf(this.camera);
  }

  get microphoneId(): string {
    return deviceIdOf(this.microphone);
  }

  get documentId(): string {
    return deviceIdOf(this.document);
  }

  /** Opens camera and microphone (once) and hands them to the room, if attached (published at join, or at once when joined). */
  start(): Promise<void> {
    this.#starting ??= this.#start();
    return this.#starting;
  }

  async #start(): Promise<void> {
    const opened = await openCameraAndMicrophone();
    if (this.#stopped) {
      stopTrack(opened.camera);
      stopTrack(opened.microphone);
      return;
    }
    if (opened.error) this.error = describeMediaError(opened.error);
    if (opened.camera) this.#take('camera', opened.camera);
    if (opened.microphone) this.#take('microphone', opened.microphone);
    this.opened = true;
    this.#offDeviceChange = onDeviceChange(() => void this.#devicesChanged());
    await Promise.all([
      opened.camera && this.#room?.publish('camera', opened.camera),
      opened.microphone && this.#room?.publish('microphone', opened.microphone),
      this.refreshDevices(),
    ]);
  }

  async refreshDevices(): Promise<void> {
    try {
      const lists = await listDevices();
      this.cameras = lists.cameras;
      this.microphones = lists.microphones;
    } catch (error) {
      this.error = describeMediaError(error);
    }
  }

  async setMicrophoneMuted(muted: boolean): Promise<void> {
    this.microphoneMuted = muted;
    await this.#room?.setPaused('microphone', muted);
  }

  async setCameraOff(off: boolean): Promise<void> {
    this.cameraOff = off;
    await this.#room?.setPaused('camera', off);
  }

  async switchCamera(deviceId: string): Promise<void> {
    if (deviceId === this.cameraId) return;
    await this.#replace('camera', () => openCamera(deviceId));
  }

  async switchMicrophone(deviceId: string): Promise<void> {
    if (deviceId === this.microphoneId) return;
    await this.#replace('microphone', () => openMicrophone(deviceId));
  }

  /**
   * The cameras other than the face camera, each opened for a moment (one after the other: hall PCs'
   * USB cameras may not open together) to see whether it gives a frame.
   */
  async documentCandidates(): Promise<DocumentCandidates> {
    await this.refreshDevices();
    const candidates: DocumentCandidates = { delivering: [], silent: [] };
    for (const camera of this.cameras.filter((c) => c.deviceId !== this.cameraId && c.deviceId !== this.documentId)) {
      let track: MediaStreamTrack | null = null;
      try {
        track = await openDocumentCamera(camera.deviceId);
        const list = (await deliversFrames(track)) ? candidates.delivering : candidates.silent;
        list.push(camera);
      } catch {
        candidates.silent.push(camera); // busy or gone: no picture either
      } finally {
        stopTrack(track);
      }
    }
    return candidates;
  }

  /** Starts the document camera on `deviceId`, or on the first camera that is not the face camera. */
  async addDocumentCamera(deviceId?: string): Promise<void> {
    await this.refreshDevices();
    const chosen = pickDocumentCamera(this.cameras, this.cameraId, deviceId);
    if (!chosen) {
      this.error = t('call.devices.noDocumentCamera');
      return;
    }
    await this.#replace('document', () => openDocumentCamera(chosen));
  }

  async switchDocumentCamera(deviceId: string): Promise<void> {
    if (deviceId === this.documentId) return;
    await this.#replace('document', () => openDocumentCamera(deviceId));
  }

  async removeDocumentCamera(): Promise<void> {
    const track = this.document;
    this.document = null;
    this.#watchDocument(null);
    await this.#room?.unpublish('document');
    stopTrack(track);
  }

  /** Ends every local track; safe to call twice. */
  stop(): void {
    this.#stopped = true;
    this.#offDeviceChange?.();
    this.#offDeviceChange = null;
    this.#watchDocument(null);
    for (const track of [this.camera, this.microphone, this.document]) stopTrack(track);
    this.camera = null;
    this.microphone = null;
    this.document = null;
  }

  /** Opens a new track for `source`, publishes it in place of the old one, then stops the old one. */
  async #replace(source: MediaSource, open: () => Promise<MediaStreamTrack>): Promise<void> {
    let track: MediaStreamTrack;
    try {
      track = await open();
    } catch (error) {
      this.error = describeMediaError(error);
      return;
    }
    if (this.#stopped) {
      track.stop();
      return;
    }
    const previous = this.#trackOf(source);
    await this.#adopt(source, track);
    if (previous !== track) stopTrack(previous);
    this.error = null;
  }

  async #adopt(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    this.#take(source, track);
    await this.#room?.publish(source, track);
  }

  /** Makes `track` this clerk's `source`. */
  #take(source: MediaSource, track: MediaStreamTrack): void {
    if (source === 'camera') this.camera = track;
    else if (source === 'microphone') this.microphone = track;
    else {
      this.document = track;
      this.#watchDocument(track);
    }
    // A device unplugged mid-call ends its track: fall back to whatever is there now.
    track.addEventListener('ended', () => void this.#trackEnded(source, track), { once: true });
  }

  /** Watches the document camera in use (`documentSilent`), or stops watching (null). */
  #watchDocument(track: MediaStreamTrack | null): void {
    this.#unwatchDocument?.();
    this.#unwatchDocument = null;
    this.documentSilent = false;
    if (!track) return;
    this.#unwatchDocument = watchFrames(
      track,
      async () => (this.#room ? this.#room.framesSent('document') : null),
      (silent) => (this.documentSilent = silent),
    );
  }

  #trackOf(source: MediaSource): MediaStreamTrack | null {
    return source === 'camera' ? this.camera : source === 'microphone' ? this.microphone : this.document;
  }

  async #trackEnded(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    if (this.#stopped || this.#trackOf(source) !== track) return;
    await this.refreshDevices();
    if (source === 'document') await this.removeDocumentCamera();
    else await this.#replace(source, source === 'camera' ? () => openCamera() : () => openMicrophone());
  }

  async #devicesChanged(): Promise<void> {
    await this.refreshDevices();
  }
}

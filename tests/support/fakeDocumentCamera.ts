/**
 * A document camera (高拍仪) that films tests/fixtures/document-page.jpg at 1920×1080.
 *
 * Chromium's `--use-file-for-fake-video-capture=<file>.mjpeg` feeds the file to a single fake camera
 * (it ignores `device-count`), but the call wants a second camera for the document camera. The init
 * script below lists that one camera twice: the extra entry (DOCUMENT_CAMERA_ID) opens the same file
 * device, at the document camera's own constraints, so the face camera and the 高拍仪 both run.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DOCUMENT_CAMERA_ID = 'vw-document-page-file';
export const DOCUMENT_CAMERA_LABEL = '高拍仪（测试文件 document-page.jpg）';

/** The fixture copied as .mjpeg (the extension Chromium's file capture reads as motion JPEG). */
export function documentPageMjpeg(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vwindow-fake-camera-')), 'document-page.mjpeg');
  copyFileSync(fileURLToPath(new URL('../fixtures/document-page.jpg', import.meta.url)), path);
  return path;
}

/** Chromium flags: fake media, with every fake camera fed by `file`. */
export function fileCameraArgs(file: string): string[] {
  return ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${file}`];
}

/** Runs in the page (context.addInitScript): the one camera appears a second time as DOCUMENT_CAMERA_ID. */
export function duplicateCameraScript({ id, label }: { id: string; label: string }): void {
  const devices = navigator.mediaDevices as MediaDevices | undefined;
  if (!devices) return; // about:blank and other insecure pages have none.
  const enumerate = devices.enumerateDevices.bind(devices);
  const getUserMedia = devices.getUserMedia.bind(devices);
  const realCamera = async () => (await enumerate()).find((d) => d.kind === 'videoinput' && d.deviceId !== '');
  devices.enumerateDevices = async () => {
    const list = await enumerate();
    const camera = list.find((d) => d.kind === 'videoinput' && d.deviceId !== '');
    if (!camera || list.filter((d) => d.kind === 'videoinput').length > 1) return list;
    const copy = { deviceId: id, groupId: `${camera.groupId}-document`, kind: 'videoinput', label, toJSON: () => ({}) } as MediaDeviceInfo;
    return [...list, copy];
  };
  devices.getUserMedia = async (constraints) => {
    const video = constraints?.video;
    if (video && typeof video === 'object') {
      const wanted = video.deviceId;
      const named = typeof wanted === 'object' && wanted !== null && !Array.isArray(wanted) ? wanted.exact : wanted;
      if (named === id) {
        const camera = await realCamera();
        return getUserMedia({ ...constraints, video: { ...video, deviceId: { exact: camera?.deviceId ?? '' } } });
      }
    }
    return getUserMedia(constraints);
  };
}

export const SILENT_CAMERA_ID = 'vw-silent-camera';
export const SILENT_CAMERA_LABEL = '无画面的摄像头（测试）';

/**
 * Runs in the page (context.addInitScript): one more camera, listed after the real ones, that opens
 * without error and never delivers a frame (the stream of a canvas that is never drawn) — a camera
 * whose driver hangs.
 */
export function silentCameraScript({ id, label }: { id: string; label: string }): void {
  const devices = navigator.mediaDevices as MediaDevices | undefined;
  if (!devices) return;
  const enumerate = devices.enumerateDevices.bind(devices);
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.enumerateDevices = async () => {
    const list = await enumerate();
    // Before permission the real cameras have no ids: list none of ours either.
    if (!list.some((d) => d.kind === 'videoinput' && d.deviceId !== '')) return list;
    return [...list, { deviceId: id, groupId: `${id}-group`, kind: 'videoinput', label, toJSON: () => ({}) } as MediaDeviceInfo];
  };
  devices.getUserMedia = async (constraints) => {
    const video = constraints?.video;
    const wanted = video && typeof video === 'object' ? video.deviceId : undefined;
    const named = typeof wanted === 'object' && wanted !== null && !Array.isArray(wanted) ? wanted.exact : wanted;
    if (named !== id) return getUserMedia(constraints);
    const canvas = document.createElement('canvas');
    canvas.width = 1920;
    canvas.height = 1080;
    return canvas.captureStream();
  };
}

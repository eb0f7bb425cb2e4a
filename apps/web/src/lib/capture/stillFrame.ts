/**
 * A still from a local camera track at its full capture resolution (ImageCapture.grabFrame(), else a
 * <video> fed with the track), encoded as JPEG. Never from a remote or downscaled stream.
 */

export interface Still {
  blob: Blob;
  width: number;
  height: number;
}

interface ImageCaptureLike {
  grabFrame(): Promise<ImageBitmap>;
}
type ImageCaptureConstructor = new (track: MediaStreamTrack) => ImageCaptureLike;

export const STILL_JPEG_QUALITY = 0.92;

async function frameFromVideo(track: MediaStreamTrack): Promise<HTMLVideoElement> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  await video.play();
  if (video.videoWidth === 0) {
    await new Promise<void>((resolve) => video.requestVideoFrameCallback(() => resolve()));
  }
  return video;
}

function toJpeg(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('JPEG encoding failed'))), 'image/jpeg', STILL_JPEG_QUALITY);
  });
}

export async function takeStill(track: MediaStreamTrack): Promise<Still> {
  if (track.readyState !== 'live') throw new Error('track ended');
  const settings = track.getSettings();
  // lib.dom's ImageCapture lacks grabFrame(); Chromium has it.
  const Capture = (globalThis as unknown as { ImageCapture?: ImageCaptureConstructor }).ImageCapture;
  let source: ImageBitmap | HTMLVideoElement;
  let video: HTMLVideoElement | null = null;
  try {
    source = Capture ? await new Capture(track).grabFrame() : (video = await frameFromVideo(track));
  } catch {
    source = video = await frameFromVideo(track);
  }
  const naturalWidth = source instanceof HTMLVideoElement ? source.videoWidth : source.width;
  const naturalHeight = source instanceof HTMLVideoElement ? source.videoHeight : source.height;
  const width = settings.width ?? naturalWidth;
  const height = settings.height ?? naturalHeight;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.drawImage(source, 0, 0, width, height);
  if (source instanceof ImageBitmap) source.close();
  if (video) {
    video.pause();
    video.srcObject = null;
  }
  return { blob: await toJpeg(canvas), width, height };
}

/**
 * A still from a local camera track at its full capture resolution, encoded as JPEG. Never from a
 * remote or downscaled stream: a muted <video> plays the local track itself (at the camera's own
 * size) and its current frame is drawn. The video stays playing for the next still, so a click does
 * not wait for a new frame (ImageCapture.grabFrame() was tried first: on Chromium it stalls for
 * ~1.7 s on every fourth call).
 */

export interface Still {
  blob: Blob;
  width: number;
  height: number;
}

export const STILL_JPEG_QUALITY = 0.92;

/** One playing <video> per track, kept while the track lives. */
const players = new WeakMap<MediaStreamTrack, Promise<HTMLVideoElement>>();

function playerFor(track: MediaStreamTrack): Promise<HTMLVideoElement> {
  let player = players.get(track);
  if (!player) {
    player = (async () => {
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      video.srcObject = new MediaStream([track]);
      await video.play();
      if (video.videoWidth === 0) {
        await new Promise<void>((resolve) => video.requestVideoFrameCallback(() => resolve()));
      }
      track.addEventListener('ended', () => {
        video.pause();
        video.srcObject = null;
      });
      return video;
    })();
    player.catch(() => players.delete(track));
    players.set(track, player);
  }
  return player;
}

/** Starts playing `track` ahead of the first still (e.g. when the document camera is chosen). */
export function warmUpStill(track: MediaStreamTrack): void {
  void playerFor(track).catch(() => undefined);
}

function toJpeg(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('JPEG encoding failed'))), 'image/jpeg', STILL_JPEG_QUALITY);
  });
}

export async function takeStill(track: MediaStreamTrack): Promise<Still> {
  if (track.readyState !== 'live') throw new Error('track ended');
  const video = await playerFor(track);
  const settings = track.getSettings();
  const width = video.videoWidth || settings.width || 0;
  const height = video.videoHeight || settings.height || 0;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.drawImage(video, 0, 0, width, height);
  return { blob: await toJpeg(canvas), width, height };
}

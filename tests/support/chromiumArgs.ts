/**
 * The command-line flags every test and benchmark run of Debian's Chromium gets: no sandbox, GPU or
 * background traffic, and fake camera and microphone granted without asking.
 */
export const CHROMIUM = '/usr/bin/chromium';

/** What every run gets. */
export const chromiumBaseArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
];

/** The tests' browsers. */
export const chromiumArgs: readonly string[] = [
  ...chromiumBaseArgs,
  // Three fake cameras (Chromium 156): fake_device_0 (I420) is the face camera; fake_device_1
  // sends Y16 depth frames, which WebRTC never encodes (0 frames sent); fake_device_2 (MJPEG)
  // encodes and serves as the local window's document camera (高拍仪) in the call tests.
  '--use-fake-device-for-media-stream=device-count=3',
  // Remote audio plays through <audio autoplay> without a click first.
  '--autoplay-policy=no-user-gesture-required',
];

/** The benchmark's browsers: one fake camera (or the file given with --use-file-for-fake-video-capture). */
export const benchChromiumArgs: readonly string[] = [...chromiumBaseArgs, '--use-fake-device-for-media-stream'];

/**
 * Ports for the servers the vitest tests start. They lie below Linux's ephemeral range
 * (net.ipv4.ip_local_port_range, 32768–60999 by default), which every outbound connection of the run
 * takes its local port from: a PostgreSQL client connection, a fetch or an FFmpeg socket that happens to
 * hold 47790 makes a mediasoup worker that wants to listen there fail to start (seen once in CI).
 *
 *   24000–27999  RTC ports (WebRtcServer, UDP and TCP): blocks of 10, one per test server
 *   28000–31999  recorder ports (UDP): ranges of 100, one per recording test server
 *
 * Each process starts at a random block and takes the next one for each server, so servers of one
 * file never share a block and two test runs side by side rarely do; startTestServer tries another
 * block when one is in use after all. (The Playwright suites: playwright.config.ts, 22000 and up.)
 */

const RTC_FIRST = 24_000;
const RTC_BLOCKS = 400;
const RTC_BLOCK = 10;
const RECORDER_FIRST = 28_000;
const RECORDER_RANGES = 40;
const RECORDER_RANGE = 100;

let nextRtcBlock = Math.floor(Math.random() * RTC_BLOCKS);
let nextRecorderRange = Math.floor(Math.random() * RECORDER_RANGES);

/** The first port of a fresh block of 10 RTC ports (enough for the workers of one test server). */
export function testRtcPortBase(): number {
  const block = nextRtcBlock;
  nextRtcBlock = (nextRtcBlock + 1) % RTC_BLOCKS;
  return RTC_FIRST + block * RTC_BLOCK;
}

/** A fresh range of 100 recorder ports, as VWINDOW_RECORDER_PORTS takes it ("28100-28199"). */
export function testRecorderPorts(): string {
  const range = nextRecorderRange;
  nextRecorderRange = (nextRecorderRange + 1) % RECORDER_RANGES;
  const first = RECORDER_FIRST + range * RECORDER_RANGE;
  return `${first}-${first + RECORDER_RANGE - 1}`;
}

/** Whether `error` (or one of its causes) says a port was in use. */
export function portInUse(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (/address already in use|EADDRINUSE/.test(e.message)) return true;
  }
  return false;
}

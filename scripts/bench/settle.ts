/**
 * Waits for the machine to go quiet before a measurement that takes absolute figures (the API rows):
 * what the browser rows leave running (Chromium closing, the recorders finishing their segments, the
 * workers' exit) otherwise lands in the first rows' CPU per request and stalls. Reads the CPUs' idle
 * time from /proc/stat each second; quiet is 3 seconds in a row at least 85 % idle, waited for at most
 * 60 s (then the measurement goes ahead and the line printed says so).
 */
import { readFileSync } from 'node:fs';

const QUIET_IDLE = 0.85;
const QUIET_SECONDS = 3;
const MAX_SECONDS = 60;

/** Idle and total jiffies of all CPUs together. */
function cpuTimes(): { idle: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …: idle and iowait count as idle.
  return { idle: fields[3]! + (fields[4] ?? 0), total: fields.slice(0, 8).reduce((sum, value) => sum + value, 0) };
}

/** Resolves once the machine has been quiet; says how long that took and how idle it was. */
export async function settle(): Promise<string> {
  let quiet = 0;
  let idle = 0;
  let seconds = 0;
  let before = cpuTimes();
  while (seconds < MAX_SECONDS && quiet < QUIET_SECONDS) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    seconds++;
    const now = cpuTimes();
    idle = (now.idle - before.idle) / Math.max(1, now.total - before.total);
    before = now;
    quiet = idle >= QUIET_IDLE ? quiet + 1 : 0;
  }
  const state = quiet >= QUIET_SECONDS ? 'quiet' : `not quiet after ${MAX_SECONDS} s`;
  return `${state} (${Math.round(idle * 100)} % idle) after waiting ${seconds} s`;
}

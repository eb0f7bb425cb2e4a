/**
 * Preloaded into the server process the API rows measure (`node --import tsx --import loopProbe.ts`):
 * an event-loop delay probe (perf_hooks.monitorEventLoopDelay, 1 ms resolution) read over the IPC
 * channel, so the product itself carries no hook and the load generator does not share its loop.
 * Messages: 'probe.reset' starts a new window; 'probe.read' answers the longest delay and its 99th
 * percentile, the process's CPU time in ms since the reset, and `waitingMs`: how long the main thread,
 * ready to run, waited for a CPU (the kernel's run queue) around the longest delay a 10 ms ticker saw;
 * `gcMaxMs`: the longest garbage-collection pause (PerformanceObserver 'gc').
 * A stall mostly spent waiting is the machine's (on 2 cores the load generator and the server share
 * them), not the server's code blocking its loop.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();

/** The main thread's total run-queue wait in ns (the second field of its schedstat), or null without /proc. */
function runQueueWaitNs(): number | null {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[1]);
  } catch {
    return null;
  }
}

const TICK_MS = 10;
let lastTick = performance.now();
let lastWait = runQueueWaitNs();
/** The tick that came latest since the reset: how late, and how much of its interval the thread waited for a CPU. */
let latest = { delayMs: 0, waitingMs: null as number | null };
setInterval(() => {
  const now = performance.now();
  const wait = runQueueWaitNs();
  const delayMs = now - lastTick - TICK_MS;
  if (delayMs > latest.delayMs) latest = { delayMs, waitingMs: wait !== null && lastWait !== null ? (wait - lastWait) / 1e6 : null };
  lastTick = now;
  lastWait = wait;
}, TICK_MS).unref();

/** The longest garbage-collection pause since the reset (ms): a stall that long or longer may be it. */
let gcMaxMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMaxMs = Math.max(gcMaxMs, entry.duration);
}).observe({ entryTypes: ['gc'] });

let cpuAtReset = process.cpuUsage();

process.on('message', (message: unknown) => {
  if (message === 'probe.reset') {
    histogram.reset();
    latest = { delayMs: 0, waitingMs: null };
    gcMaxMs = 0;
    cpuAtReset = process.cpuUsage();
    process.send?.({ probe: 'reset' });
  } else if (message === 'probe.read') {
    const cpu = process.cpuUsage(cpuAtReset);
    process.send?.({ probe: 'read', maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000, waitingMs: latest.waitingMs, gcMaxMs });
  }
});

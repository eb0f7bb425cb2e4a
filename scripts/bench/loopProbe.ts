/**
 * Preloaded into the server process the API rows measure (`node --import tsx --import loopProbe.ts`):
 * an event-loop delay probe (perf_hooks.monitorEventLoopDelay, 1 ms resolution) read over the IPC
 * channel, so the product itself carries no hook and the load generator does not share its loop.
 * Messages: 'probe.reset' starts a new window; 'probe.read' answers the longest delay and its 99th
 * percentile, and the process's CPU time, in ms since the reset.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();

let cpuAtReset = process.cpuUsage();

process.on('message', (message: unknown) => {
  if (message === 'probe.reset') {
    histogram.reset();
    cpuAtReset = process.cpuUsage();
    process.send?.({ probe: 'reset' });
  } else if (message === 'probe.read') {
    const cpu = process.cpuUsage(cpuAtReset);
    process.send?.({ probe: 'read', maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
});

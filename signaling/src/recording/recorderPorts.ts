/**
 * The UDP ports recorders use, from the configured range (VWINDOW_RECORDER_PORTS), kept apart from
 * the workers' WebRtcServer ports: each recorded track takes three, the PlainTransport's on the worker
 * side and an even/odd pair for the recorder process (FFmpeg binds the RTCP port after the RTP port
 * even when RTCP is muxed). A port found in use by something else is skipped.
 */
import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';

export interface PortRange {
  min: number;
  max: number;
}

/** "47000-47999" → { min, max }; undefined when it is not such a range. */
export function parsePortRange(text: string): PortRange | undefined {
  const match = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(text);
  if (!match) return undefined;
  const min = Number(match[1]);
  const max = Number(match[2]);
  if (min < 1024 || max > 65535 || max - min < 1) return undefined;
  return { min, max };
}

/** Whether `port` can be bound on `ip` for UDP right now. */
function udpPortFree(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket(ip.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, ip, () => socket.close(() => resolve(true)));
  });
}

export class RecorderPorts {
  readonly #range: PortRange;
  readonly #ip: string;
  readonly #taken = new Set<number>();
  #next: number;

  constructor(range: PortRange, ip: string) {
    this.#range = range;
    this.#ip = ip;
    this.#next = range.min;
  }

  get inUse(): number {
    return this.#taken.size;
  }

  /** A free port of the range (round robin, so that a port just given back rests a while), or undefined. */
  async take(): Promise<number | undefined> {
    const size = this.#range.max - this.#range.min + 1;
    for (let tried = 0; tried < size; tried++) {
      const port = this.#next;
      this.#next = port >= this.#range.max ? this.#range.min : port + 1;
      if (this.#taken.has(port)) continue;
      this.#taken.add(port);
      if (await udpPortFree(this.#ip, port)) return port;
      this.#taken.delete(port);
    }
    return undefined;
  }

  /** An even port P of the range with P + 1 free too (both taken), or undefined. */
  async takePair(): Promise<number | undefined> {
    const first = this.#range.min % 2 === 0 ? this.#range.min : this.#range.min + 1;
    const pairs = Math.floor((this.#range.max - first + 1) / 2);
    for (let tried = 0; tried < pairs; tried++) {
      let port = this.#next % 2 === 0 ? this.#next : this.#next + 1;
      if (port + 1 > this.#range.max) port = first;
      this.#next = port + 2 > this.#range.max ? this.#range.min : port + 2;
      if (this.#taken.has(port) || this.#taken.has(port + 1)) continue;
      this.#taken.add(port);
      this.#taken.add(port + 1);
      if ((await udpPortFree(this.#ip, port)) && (await udpPortFree(this.#ip, port + 1))) return port;
      this.#taken.delete(port);
      this.#taken.delete(port + 1);
    }
    return undefined;
  }

  give(port: number | undefined): void {
    if (port !== undefined) this.#taken.delete(port);
  }
}

/** Whether some socket on this machine has bound UDP `port` (read from /proc/net/udp*, binding nothing). */
async function udpPortBound(port: number): Promise<boolean> {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    if (text.split('\n').some((line) => line.trim().split(/\s+/)[1]?.endsWith(`:${hex}`))) return true;
  }
  return false;
}

/** Resolves once a recorder has bound UDP `port` (ready to receive), or after `timeoutMs`. */
export async function untilBound(port: number, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await udpPortBound(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

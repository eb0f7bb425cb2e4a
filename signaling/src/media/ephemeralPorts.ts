/**
 * Whether this node's fixed ports lie where Linux hands out local ports to outbound connections
 * (net.ipv4.ip_local_port_range, 32768–60999 by default) without being reserved
 * (net.ipv4.ip_local_reserved_ports). There, a connection to PostgreSQL, a webhook or anything else on
 * the host can hold a worker's RTC port at the moment the worker starts (or is restarted after a
 * crash), and the worker cannot listen. The server warns at start with the one sysctl line that reserves
 * them; recorders skip a port in use, so their range only matters for how many are left.
 */
import { readFile } from 'node:fs/promises';
import type { Logger } from '../logger';
import type { PortRange } from '../recording/recorderPorts';
import { isLoopback } from '../tls/certificateNames';

/** "40000-40015,56000" (the kernel's list syntax) → ranges; empty text → none. */
export function parsePortList(text: string): PortRange[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [min, max = min] = part.split('-').map((n) => Number(n.trim()));
      return { min: min!, max: max! };
    })
    .filter((range) => Number.isInteger(range.min) && Number.isInteger(range.max) && range.min <= range.max);
}

/** The ports of `wanted` inside `ephemeral` and outside every range of `reserved`, as ranges. */
export function unreservedEphemeral(wanted: PortRange[], ephemeral: PortRange, reserved: PortRange[]): PortRange[] {
  const open: PortRange[] = [];
  for (const range of wanted) {
    let start: number | undefined;
    const last = Math.min(range.max, ephemeral.max);
    for (let port = Math.max(range.min, ephemeral.min); port <= last + 1; port++) {
      const exposed = port <= last && !reserved.some((r) => port >= r.min && port <= r.max);
      if (exposed && start === undefined) start = port;
      if (!exposed && start !== undefined) {
        open.push({ min: start, max: port - 1 });
        start = undefined;
      }
    }
  }
  return open;
}

export const formatPortList = (ranges: PortRange[]): string => ranges.map((r) => (r.min === r.max ? String(r.min) : `${r.min}-${r.max}`)).join(',');

/** Linux's ephemeral port range and reserved ports, from /proc; undefined when it cannot say (not Linux). */
async function hostPortSettings(): Promise<{ ephemeral: PortRange; reserved: PortRange[] } | undefined> {
  const [rangeText, reservedText] = await Promise.all(
    ['/proc/sys/net/ipv4/ip_local_port_range', '/proc/sys/net/ipv4/ip_local_reserved_ports'].map((file) => readFile(file, 'utf8').catch(() => undefined)),
  );
  const [min, max] = (rangeText ?? '').trim().split(/\s+/).map(Number);
  if (!Number.isInteger(min) || !Number.isInteger(max)) return undefined;
  return { ephemeral: { min: min!, max: max! }, reserved: parsePortList(reservedText ?? '') };
}

/**
 * Warns once when the workers of a node reachable beyond loopback listen on ports outbound connections
 * may take, with the sysctl line that reserves them (the kernel's list is replaced whole: the line keeps
 * what is reserved already).
 */
export async function warnOfOutboundPorts(logger: Logger, listenIp: string, rtcPorts: PortRange): Promise<void> {
  if (isLoopback(listenIp)) return;
  const host = await hostPortSettings();
  const open = host ? unreservedEphemeral([rtcPorts], host.ephemeral, host.reserved) : [];
  if (!host || open.length === 0) return;
  logger.warn(
    { ports: formatPortList(open), reserve: `sysctl -w net.ipv4.ip_local_reserved_ports=${formatPortList([...host.reserved, ...open])}` },
    'the RTC ports lie in the range outbound connections of this host take their local ports from: a worker (re)started while one holds its port cannot listen; reserve them (see "reserve")',
  );
}

/**
 * Three network hosts on one machine, made of Linux network namespaces (iproute2): `center` runs the
 * server (and TURN), `hall-a` and `hall-b` each run one clerk's browser. Each hall has its own address
 * on its own veth link to the center; the halls reach the server's addresses (on the center's
 * loopback) only through the center, which also forwards between them.
 *
 *   hall-a 10.77.1.2 ── veth ── 10.77.1.1 center 10.77.2.1 ── veth ── 10.77.2.2 hall-b
 *                                          server 10.77.0.1, TURN 10.77.0.2 (on lo)
 *
 * Names are unique per run (`vwn<creator pid>-…`), so runs and other engineers' namespaces never
 * collide; namespaces left by a run whose process is gone (a crash) are removed, with whatever still
 * runs in them, before a new topology is made. Addresses live inside the namespaces only: nothing
 * is added to the machine's own network. Needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN).
 */
import { execFileSync } from 'node:child_process';
import { processAlive } from '../../db/src/testing/processAlive';

export type HallName = 'hall-a' | 'hall-b';
export type HostName = 'center' | HallName;

const PREFIX = 'vwn';
/** The address the product listens on (HTTPS and the RTC ports), on the center's loopback. */
export const SERVER_ADDRESS = '10.77.0.1';
/** A second address of the center, for TURN on 443 beside the product. */
export const TURN_ADDRESS = '10.77.0.2';
const HALLS: Record<HallName, { subnet: string; link: string }> = {
  'hall-a': { subnet: '10.77.1', link: 'hall-a' },
  'hall-b': { subnet: '10.77.2', link: 'hall-b' },
};
/** A hall's end of its link, inside the hall's namespace. */
const UPLINK = 'uplink';

function run(command: string, args: string[], input?: string): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 10_000 });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new Error(`${command} ${args.join(' ')} failed: ${stderr || (error as Error).message}`, { cause: error });
  }
}

function ip(...args: string[]): string {
  return run('ip', args);
}

/** Why these tests cannot run here (null: they can): not root, or no `ip netns`. */
export function whyNoNamespaces(): string | null {
  if (process.platform !== 'linux') return `network namespaces are Linux only (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return `they need root for ip netns, veth, tc and iptables (running as uid ${process.getuid?.()})`;
  const probe = `${PREFIX}${process.pid.toString(36)}-probe`;
  try {
    ip('netns', 'add', probe);
    ip('netns', 'delete', probe);
    return null;
  } catch (error) {
    return `ip netns does not work here: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** Kills what runs in `ns` (only processes of our own namespaces) and deletes it. */
function deleteNamespace(ns: string): void {
  let pids: number[] = [];
  try {
    pids = ip('netns', 'pids', ns).split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // already gone
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
  try {
    ip('netns', 'delete', ns);
  } catch {
    // already gone
  }
}

/** Removes the namespaces of earlier runs whose process no longer lives (a crash, a killed runner). */
export function removeStaleNamespaces(): string[] {
  const removed: string[] = [];
  const names = ip('netns', 'list')
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(PREFIX));
  for (const name of names) {
    const pid = parseInt(name.slice(PREFIX.length).split('-')[0] ?? '', 36);
    if (Number.isNaN(pid) || pid === process.pid || processAlive(pid)) continue;
    deleteNamespace(name);
    removed.push(name);
  }
  return removed;
}

export interface TopologyOptions {
  /** Distinguishes two topologies of the same process (default 'n'). */
  tag?: string;
}

export class Topology {
  readonly #names: Record<HostName, string>;
  #destroyed = false;

  private constructor(names: Record<HostName, string>) {
    this.#names = names;
  }

  /** Makes the three hosts and their links; anything half-made is removed if a step fails. */
  static create(options: TopologyOptions = {}): Topology {
    removeStaleNamespaces();
    const id = `${PREFIX}${process.pid.toString(36)}-${options.tag ?? 'n'}${Date.now().toString(36).slice(-3)}`;
    const topology = new Topology({ center: `${id}-center`, 'hall-a': `${id}-hall-a`, 'hall-b': `${id}-hall-b` });
    try {
      topology.#build();
    } catch (error) {
      topology.destroy();
      throw error;
    }
    return topology;
  }

  /** The namespace of `host`, for `ip netns exec`. */
  ns(host: HostName): string {
    return this.#names[host];
  }

  /** The address of a hall on its link. */
  address(hall: HallName): string {
    return `${HALLS[hall].subnet}.2`;
  }

  /** Runs `command` inside `host` and returns its output. */
  exec(host: HostName, command: string, ...args: string[]): string {
    return run('ip', ['netns', 'exec', this.ns(host), command, ...args]);
  }

  #build(): void {
    const center = this.ns('center');
    for (const host of ['center', 'hall-a', 'hall-b'] as const) {
      ip('netns', 'add', this.ns(host));
      ip('-n', this.ns(host), 'link', 'set', 'lo', 'up');
    }
    ip('-n', center, 'address', 'add', `${SERVER_ADDRESS}/32`, 'dev', 'lo');
    ip('-n', center, 'address', 'add', `${TURN_ADDRESS}/32`, 'dev', 'lo');
    this.exec('center', 'sh', '-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward');
    for (const hall of ['hall-a', 'hall-b'] as const) {
      const { subnet, link } = HALLS[hall];
      const ns = this.ns(hall);
      // Made inside the namespaces: the pair never appears in the machine's own network.
      ip('-n', center, 'link', 'add', link, 'type', 'veth', 'peer', 'name', UPLINK, 'netns', ns);
      ip('-n', center, 'address', 'add', `${subnet}.1/24`, 'dev', link);
      ip('-n', ns, 'address', 'add', `${subnet}.2/24`, 'dev', UPLINK);
      ip('-n', center, 'link', 'set', link, 'up');
      ip('-n', ns, 'link', 'set', UPLINK, 'up');
      this.#routeHall(hall);
    }
  }

  #routeHall(hall: HallName): void {
    ip('-n', this.ns(hall), 'route', 'replace', 'default', 'via', `${HALLS[hall].subnet}.1`, 'dev', UPLINK);
  }

  /** Applies iptables rules (iptables-restore format, filter table) inside a hall; replaces earlier ones. */
  firewall(hall: HallName, rules: string[]): void {
    const text = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ...rules, 'COMMIT', ''].join('\n');
    run('ip', ['netns', 'exec', this.ns(hall), 'iptables-restore'], text);
  }

  /** No UDP in or out of the hall (beyond its own loopback): WebRTC has to use TCP. */
  dropUdp(hall: HallName): void {
    this.firewall(hall, ['-A INPUT -i lo -j ACCEPT', '-A OUTPUT -o lo -j ACCEPT', '-A INPUT -p udp -j DROP', '-A OUTPUT -p udp -j DROP']);
  }

  /**
   * The hall reaches only these TCP destinations (address:port) of the center, nothing else: no UDP,
   * no other port. Replies to its own connections come back.
   */
  onlyTcpTo(hall: HallName, destinations: { address: string; port: number }[]): void {
    this.firewall(hall, [
      '-A INPUT -i lo -j ACCEPT',
      '-A OUTPUT -o lo -j ACCEPT',
      '-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      '-A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      ...destinations.map(({ address, port }) => `-A OUTPUT -p tcp -d ${address} --dport ${port} -j ACCEPT`),
      '-A INPUT -j DROP',
      '-A OUTPUT -j DROP',
    ]);
  }

  /** Lifts a hall's firewall. */
  openFirewall(hall: HallName): void {
    this.firewall(hall, []);
  }

  /**
   * Limits the hall's link to `kbit` kbit/s each way with a token bucket (tc tbf) on both ends of its
   * veth: the center's end shapes what the hall receives, the hall's end what it sends. The queue
   * holds at most `latencyMs` of data (400 ms: the buffer of a DSL or mobile line); what does not
   * fit is dropped.
   */
  limitRate(hall: HallName, kbit: number, latencyMs = 400): void {
    for (const [host, dev] of this.#ends(hall)) {
      run('tc', ['-n', this.ns(host), 'qdisc', 'replace', 'dev', dev, 'root', 'tbf', 'rate', `${kbit}kbit`, 'burst', '4kb', 'latency', `${latencyMs}ms`]);
    }
  }

  /** Takes the rate limit off a hall's link. */
  unlimitRate(hall: HallName): void {
    for (const [host, dev] of this.#ends(hall)) {
      try {
        run('tc', ['-n', this.ns(host), 'qdisc', 'del', 'dev', dev, 'root']);
      } catch {
        // no limit there
      }
    }
  }

  /**
   * Cuts (false) or restores (true) a hall's link, as an unplugged line upstream: the center's end
   * goes down, so the hall's end loses its carrier and nothing passes either way.
   */
  setLink(hall: HallName, up: boolean): void {
    ip('-n', this.ns('center'), 'link', 'set', HALLS[hall].link, up ? 'up' : 'down');
    if (up) this.#routeHall(hall);
  }

  #ends(hall: HallName): [HostName, string][] {
    return [
      ['center', HALLS[hall].link],
      [hall, UPLINK],
    ];
  }

  /** Removes the three hosts and whatever still runs in them; safe to call twice. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const host of ['hall-a', 'hall-b', 'center'] as const) deleteNamespace(this.ns(host));
  }
}

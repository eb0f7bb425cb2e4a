/**
 * Who is at a console, over every node: a staff member is online while they have a signaling connection
 * on this node (ConnectionHub) or on another one (presence.changed live events, kept here by
 * liveNotifications.ts). What gives up sessions nobody is at (sessions/sessionPresence.ts) and the
 * queue's "local window online" mark read it, so a clerk connected to another node is not taken for gone.
 */
import type { SignedInStaff } from '../protocol';
import type { ConnectionHub } from './ConnectionHub';

export class StaffPresence {
  readonly #hub: ConnectionHub;
  readonly #now: () => number;
  /** Staff online on other nodes: staff id → the nodes where they have a connection. */
  readonly #elsewhere = new Map<number, Set<string>>();
  /** When each staff member's last connection on another node closed (ms). */
  readonly #leftElsewhere = new Map<number, number>();

  constructor(options: { hub: ConnectionHub; now?: () => number }) {
    this.#hub = options.hub;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Since when `staffId` has had no open connection on any node (ms), or null while they have one. Never
   * seen: since this node started (ConnectionHub.offlineSince), so a restart gives browsers time to return.
   */
  offlineSince(staffId: number): number | null {
    const here = this.#hub.offlineSince(staffId);
    if (here === null || this.#elsewhere.has(staffId)) return null;
    return Math.max(here, this.#leftElsewhere.get(staffId) ?? here);
  }

  /** Called when someone's first connection on this node opens or their last one here closes. */
  onPresence(listener: (staff: SignedInStaff, online: boolean) => void): void {
    this.#hub.onPresence(listener);
  }

  /** A staff member's first connection on `node` opened, or their last one there closed. */
  changedElsewhere(node: string, staffId: number, online: boolean): void {
    const nodes = this.#elsewhere.get(staffId);
    if (online) {
      if (nodes) nodes.add(node);
      else this.#elsewhere.set(staffId, new Set([node]));
      return;
    }
    if (!nodes?.delete(node)) return;
    if (nodes.size === 0) this.#elsewhere.delete(staffId);
    this.#left(staffId);
  }

  /** Forgets who was online on `node` (it restarted, or will tell again): they count as gone from now. */
  forgetNode(node: string): void {
    for (const [staffId, nodes] of this.#elsewhere) {
      if (!nodes.delete(node)) continue;
      if (nodes.size === 0) this.#elsewhere.delete(staffId);
      this.#left(staffId);
    }
  }

  #left(staffId: number): void {
    this.#leftElsewhere.delete(staffId);
    this.#leftElsewhere.set(staffId, this.#now());
    // Remember at most 10,000 people, as ConnectionHub does; the oldest are forgotten.
    if (this.#leftElsewhere.size > 10_000) this.#leftElsewhere.delete(this.#leftElsewhere.keys().next().value!);
  }
}

/**
 * Every open signaling connection of this node, by staff member, so that notices (notices.ts) reach a
 * person (all their tabs) or the home clerks or supervisors of a jurisdiction. Services do not push
 * here themselves: they tell LiveNotifier, which serves this hub and every other node's.
 */
import type { NotificationMethod, Notifications, SignedInStaff } from '../protocol';
import { matchesRoles, type Notice } from './notices';
import type { SignalingConnection } from './SignalingConnection';


export class ConnectionHub {
  readonly #byStaff = new Map<number, Set<SignalingConnection>>();
  readonly #onConnect: ((connection: SignalingConnection) => void)[] = [];
  readonly #onPresence: ((staff: SignedInStaff, online: boolean) => void)[] = [];
  /** When each staff member's last connection closed (ms); staff never connected count from `#since`. */
  readonly #lastSeen = new Map<number, number>();
  readonly #since: number;
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#since = this.#now();
  }

  /**
   * Since when `staffId` has had no open connection (ms), or null while they have one. Someone not seen
   * since the server started counts from its start, so that a restart gives every browser time to return.
   */
  offlineSince(staffId: number): number | null {
    if (this.#byStaff.has(staffId)) return null;
    return this.#lastSeen.get(staffId) ?? this.#since;
  }

  /** Called with each new connection (e.g. to send a home clerk the current queue). */
  onConnect(listener: (connection: SignalingConnection) => void): void {
    this.#onConnect.push(listener);
  }

  /** Called when someone's first connection opens or their last one closes. */
  onPresence(listener: (staff: SignedInStaff, online: boolean) => void): void {
    this.#onPresence.push(listener);
  }

  add(connection: SignalingConnection): void {
    const set = this.#byStaff.get(connection.staff.id) ?? new Set();
    set.add(connection);
    this.#byStaff.set(connection.staff.id, set);
    if (set.size === 1) for (const listener of this.#onPresence) listener(connection.staff, true);
    for (const listener of this.#onConnect) listener(connection);
  }

  remove(connection: SignalingConnection): void {
    const set = this.#byStaff.get(connection.staff.id);
    if (!set) return;
    set.delete(connection);
    if (set.size > 0) return;
    this.#byStaff.delete(connection.staff.id);
    this.#lastSeen.delete(connection.staff.id);
    this.#lastSeen.set(connection.staff.id, this.#now());
    // Remember at most 10,000 people; the oldest are forgotten (and count from the server's start).
    if (this.#lastSeen.size > 10_000) this.#lastSeen.delete(this.#lastSeen.keys().next().value!);
    for (const listener of this.#onPresence) listener(connection.staff, false);
  }

  get size(): number {
    let n = 0;
    for (const set of this.#byStaff.values()) n += set.size;
    return n;
  }

  #notifyStaff<M extends NotificationMethod>(staffId: number, method: M, data: Notifications[M]): void {
    for (const connection of this.#byStaff.get(staffId) ?? []) connection.notify(method, data);
  }

  /** Delivers a notice to its audience's connections here: the named staff first, then those its roles match. */
  deliver({ to, method, data }: Notice): void {
    for (const id of new Set(to.staff ?? [])) if (typeof id === 'number') this.#notifyStaff(id, method, data);
    if (to.homeClerksOf !== undefined || to.supervisorsOver !== undefined) this.#notifyMatching((s) => matchesRoles(to, s), method, data);
  }

  /** Every open connection here (to send each what it shows again). */
  connections(): SignalingConnection[] {
    return [...this.#byStaff.values()].flatMap((set) => [...set]);
  }

  /** Notifies every connection whose staff member matches. */
  #notifyMatching<M extends NotificationMethod>(match: (staff: SignedInStaff) => boolean, method: M, data: Notifications[M]): void {
    for (const set of this.#byStaff.values()) {
      for (const connection of set) if (match(connection.staff)) connection.notify(method, data);
    }
  }

  closeAll(): void {
    for (const set of this.#byStaff.values()) for (const connection of set) connection.close();
    this.#byStaff.clear();
  }
}

/**
 * Which node runs each session's room, when several server processes share one database (issue 20).
 * Built on the nodes and room leases of @vwindow/db (cluster.ts), whose clock is the database's.
 *
 * - The node registers at start, heartbeats every `renewMs`, and takes itself out on a clean stop
 *   (its leases go with it).
 * - A session's room is claimed (a lease of `ttlMs`) by the node that makes it; a node asked for a
 *   room another live node holds answers where it is instead (RoomRegistry → RoomElsewhere).
 * - Every `renewMs`, in one tick: the heartbeat, one UPDATE renewing all this node's leases, and the
 *   rooms it held but no longer does ('lost': another node took the lapsed lease, the room here
 *   closes); then the lapsed leases of other nodes whose sessions still wait or run, claimed and
 *   re-created here ('adopted', empty: the clerks' pages come back by themselves), as are the rooms of
 *   leases this node holds without a room (left by its previous run under the same id); lapsed leases of
 *   sessions that ended are deleted; and this node's rooms of sessions that ended elsewhere ('ended').
 *
 * Nothing here is on the path of an accept's answer: the claim runs beside the room's creation, and
 * renewals are batched per node. With one node and SQLite this is a few small writes a second.
 */
import { EventEmitter } from 'node:events';
import {
  claimRoom,
  expiredRooms,
  heartbeatNode,
  liveNodes,
  registerNode,
  releaseRoom,
  removeNode,
  renewLeases,
  roomsOf,
  type ClusterDb,
  type ClusterNodeRow,
  type NodeAddress,
} from '@vwindow/db';
import { inBackground } from '../background';
import type { Logger } from '../logger';

/** Where a session's room is: on this node (the lease is ours), or on another (its signaling URL; null while it goes away). */
export type Placement = { here: true } | { here: false; nodeId: string; wsUrl: string | null };

export const HERE: Placement = { here: true };

/** What RoomRegistry needs of placement; without one (a lone node in tests) every room is here. */
export interface RoomPlacer {
  claim(sessionId: string): Promise<Placement>;
  /** The room closed here: its lease goes (in the background). */
  release(sessionId: string): void;
}

export interface RoomPlacementOptions {
  db: ClusterDb;
  logger: Logger;
  /** Of these sessions, those still waiting or active (SessionService.stillOpen). */
  stillOpen(sessionIds: readonly string[]): Promise<Set<string>>;
  /** How long a lease lasts unless renewed. Default 5 s (a lost node's rooms move after 4–5 s). */
  ttlMs?: number;
  /** How often the node heartbeats and renews (and looks for lapsed leases). Default 1 s. */
  renewMs?: number;
  /** The load balancer's URL in front of all nodes (VWINDOW_CLUSTER_URL): its pages may connect to any node. */
  clusterUrl?: string;
}

export interface RoomPlacementEvents {
  /** Another node holds the room now: close it here (its peers rejoin and are sent there). */
  lost: [sessionId: string];
  /** A lapsed lease of a live session is ours now (`from`: the node that held it, maybe this one's previous run): make its room here. */
  adopted: [sessionId: string, from: string];
  /** A node stopped heartbeating (killed, or cut off): whatever this node keeps of it goes. */
  nodeGone: [nodeId: string];
  /** The session ended (on whichever node): close its room. */
  ended: [sessionId: string];
}

export interface NodeHealth {
  id: string;
  publicUrl: string;
  heartbeatAgeMs: number;
  /** Session ids of the rooms it holds. */
  rooms: string[];
}

/** ws(s)://host:port/ws of a node's public URL. */
export function signalingUrlOf(publicUrl: string): string {
  const url = new URL(publicUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/ws`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** This node's name and address, known once it listens. */
export interface NodeIdentity {
  nodeId: string;
  address: NodeAddress;
}

export class RoomPlacement extends EventEmitter<RoomPlacementEvents> implements RoomPlacer {
  #identity: NodeIdentity | undefined;
  readonly #options: RoomPlacementOptions;
  readonly #ttlMs: number;
  readonly #renewMs: number;
  /** Sessions whose lease this node holds, as far as it knows. */
  readonly #held = new Set<string>();
  /** The live nodes as last seen (for redirects and origins), refreshed every tick. */
  #nodes: ClusterNodeRow[] = [];
  /** The live nodes' ids at the last tick (to tell when one is gone). */
  #seenLive = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | null = null;
  #halted = false;

  constructor(options: RoomPlacementOptions) {
    super();
    this.#options = options;
    this.#ttlMs = options.ttlMs ?? 5_000;
    this.#renewMs = options.renewMs ?? 1_000;
  }

  get nodeId(): string {
    return this.#started.nodeId;
  }

  get publicUrl(): string {
    return this.#started.address.publicUrl;
  }

  get #started(): NodeIdentity {
    if (!this.#identity) throw new Error('the node has not registered yet');
    return this.#identity;
  }

  /** Registers the node (once it listens) and starts the heartbeat and renewals. */
  async start(identity: NodeIdentity): Promise<void> {
    this.#identity = identity;
    await registerNode(this.#options.db, identity.nodeId, identity.address);
    this.#nodes = await liveNodes(this.#options.db, this.#ttlMs);
    this.#timer = setInterval(() => {
      if (this.#ticking) return;
      this.#ticking = this.tick()
        .catch((error: unknown) => this.#options.logger.warn({ err: error }, 'cluster heartbeat or lease renewal failed'))
        .finally(() => (this.#ticking = null));
    }, this.#renewMs);
    this.#timer.unref();
    this.#options.logger.info({ nodeId: this.nodeId, publicUrl: this.publicUrl }, 'node registered');
  }

  async claim(sessionId: string): Promise<Placement> {
    if (this.#halted) throw new Error('this node is stopping');
    const claim = await claimRoom(this.#options.db, sessionId, this.nodeId, this.#ttlMs);
    if (claim.ok) {
      this.#held.add(sessionId);
      return HERE;
    }
    let node = this.#nodes.find((n) => n.id === claim.holder);
    if (!node) {
      this.#nodes = await liveNodes(this.#options.db, this.#ttlMs);
      node = this.#nodes.find((n) => n.id === claim.holder);
    }
    return { here: false, nodeId: claim.holder, wsUrl: node ? signalingUrlOf(node.publicUrl) : null };
  }

  release(sessionId: string): void {
    if (!this.#held.delete(sessionId) || this.#halted) return;
    inBackground(this.#options.logger, 'could not release a room lease', () => releaseRoom(this.#options.db, sessionId, this.nodeId), { sessionId });
  }

  /** Whether `origin` is one of the live nodes' or the load balancer's (their pages may open this node's signaling). */
  isNodeOrigin(origin: string): boolean {
    const wanted = origin.toLowerCase();
    if (this.#options.clusterUrl && new URL(this.#options.clusterUrl).origin === wanted) return true;
    return this.#nodes.some((node) => new URL(node.publicUrl).origin === wanted);
  }

  /**
   * Where a page served at `pageOrigin` may connect besides its own origin: the live nodes' pages and
   * signaling (http(s) and ws(s) origins), for its Content-Security-Policy (web/clusterCsp.ts). A page
   * served through the load balancer names every node, the one that served it included.
   */
  nodeSources(pageOrigin: string | null): string[] {
    if (this.#nodes.length < 2) return [];
    return this.#nodes
      .map((node) => new URL(node.publicUrl).origin)
      .filter((origin) => origin !== pageOrigin)
      .flatMap((origin) => [origin, origin.replace(/^http/, 'ws')]);
  }

  /** Each live node and its rooms (for /api/health). */
  async health(): Promise<NodeHealth[]> {
    const db = this.#options.db;
    const nodes = await liveNodes(db, this.#ttlMs);
    const now = Date.now();
    return await Promise.all(
      nodes.map(async (node) => ({
        id: node.id,
        publicUrl: node.publicUrl,
        heartbeatAgeMs: Math.max(0, now - node.heartbeatAt.getTime()),
        rooms: (await roomsOf(db, node.id)).map((lease) => lease.sessionId),
      })),
    );
  }

  /** One round of heartbeat, renewals and take-overs (see the top of the file); the timer calls it. */
  async tick(): Promise<void> {
    const { db, logger } = this.#options;
    if (this.#halted) return;
    if (!(await heartbeatNode(db, this.nodeId))) await registerNode(db, this.nodeId, this.#started.address);
    const renewed = new Set((await renewLeases(db, this.nodeId, this.#ttlMs)).map((lease) => lease.sessionId));
    if (this.#halted) return;
    for (const sessionId of [...this.#held]) {
      if (renewed.has(sessionId)) continue;
      this.#held.delete(sessionId);
      logger.warn({ sessionId }, 'another node took this room');
      this.emit('lost', sessionId);
    }
    this.#nodes = await liveNodes(db, this.#ttlMs);
    const live = new Set(this.#nodes.map((node) => node.id));
    for (const id of this.#seenLive) if (!live.has(id)) this.emit('nodeGone', id);
    this.#seenLive = live;
    const lapsed = await expiredRooms(db);
    // Leases of this node without a room here: left by this node's previous run (same id, restarted).
    const orphans = [...renewed].filter((sessionId) => !this.#held.has(sessionId));
    // Only the rooms held now are judged: one claimed while the question is out was not asked about.
    const held = [...this.#held];
    const ids = [...new Set([...lapsed.map((lease) => lease.sessionId), ...held, ...orphans])];
    const open = await this.#options.stillOpen(ids);
    for (const sessionId of held) {
      if (this.#held.has(sessionId) && !open.has(sessionId)) this.emit('ended', sessionId);
    }
    for (const sessionId of orphans) {
      if (this.#halted || this.#held.has(sessionId)) continue;
      if (!open.has(sessionId)) {
        await releaseRoom(db, sessionId, this.nodeId);
        continue;
      }
      this.#held.add(sessionId);
      this.emit('adopted', sessionId, this.nodeId);
    }
    for (const lease of lapsed) {
      if (this.#halted) return;
      if (!open.has(lease.sessionId)) {
        await releaseRoom(db, lease.sessionId, lease.nodeId);
        continue;
      }
      const claim = await claimRoom(db, lease.sessionId, this.nodeId, this.#ttlMs);
      if (!claim.ok) continue;
      this.#held.add(lease.sessionId);
      logger.warn({ sessionId: lease.sessionId, from: lease.nodeId }, 'took over the room of a node gone silent');
      this.emit('adopted', lease.sessionId, lease.nodeId);
    }
  }

  /**
   * Stops heartbeats and renewals and writes nothing more, giving nothing up: what a killed process
   * leaves behind (its leases lapse after their TTL). For tests, and the first step of `stop`.
   */
  halt(): void {
    this.#halted = true;
    clearInterval(this.#timer);
  }

  /** A clean stop: halts, then takes the node out with its leases (unless it was halted before, as a killed node). */
  async stop(): Promise<void> {
    const wasHalted = this.#halted;
    this.halt();
    await this.#ticking;
    this.#held.clear();
    if (!wasHalted && this.#identity) await removeNode(this.#options.db, this.nodeId);
  }
}

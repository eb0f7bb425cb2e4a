/**
 * What a change shows to whom: a notification (signaling/src/protocol/media.ts Notifications) and its
 * audience, described by ids and roles so that every node can deliver it to its own connections.
 *
 * Services tell LiveNotifier.tell what changed (a live event, signaling/src/cluster/liveEvent.ts) with
 * the notices they built from what they had: this node's connections get those at once, and the event
 * goes to the other nodes, whose subscriber (liveNotifications.ts) asks the same service for the same
 * notices, read from the store once per event. One definition of each audience and payload: the
 * service's own notices function serves both paths.
 */
import type { LiveEvent } from '../cluster/liveEvent';
import type { LiveEvents } from '../cluster/liveEvents';
import type { Logger } from '../logger';
import { jurisdictionCovers, type NotificationMethod, type Notifications, type SignedInStaff } from '../protocol';
import type { ConnectionHub } from './ConnectionHub';

/** Who gets a notice: these staff members (all their tabs), and the home clerks or supervisors of a jurisdiction. */
export interface Audience {
  staff?: readonly (number | null | undefined)[];
  /** The home clerks of exactly this jurisdiction (its queue, its cases). */
  homeClerksOf?: string;
  /** The supervisors whose jurisdiction covers this one. */
  supervisorsOver?: string;
}

export type Notice = { [M in NotificationMethod]: { to: Audience; method: M; data: Notifications[M] } }[NotificationMethod];

export function notice<M extends NotificationMethod>(to: Audience, method: M, data: Notifications[M]): Notice {
  return { to, method, data } as Notice;
}

/** The session's two clerks and the supervisors over it (who may be listening in). */
export function sessionWatchers(session: { localClerkId: number; homeClerkId: number | null; homeJurisdictionCode: string }): Audience {
  return { staff: [session.localClerkId, session.homeClerkId], supervisorsOver: session.homeJurisdictionCode };
}

/** A case's local clerk, the home clerks of its jurisdiction and the supervisors over it. */
export function caseWatchers(localClerkId: number | undefined, homeJurisdictionCode: string): Audience {
  return { staff: [localClerkId], homeClerksOf: homeJurisdictionCode, supervisorsOver: homeJurisdictionCode };
}

/** Whether `staff` is matched by the audience's roles (the named staff are looked up by id instead). */
export function matchesRoles(to: Audience, staff: SignedInStaff): boolean {
  if (to.homeClerksOf !== undefined && staff.role === 'home_clerk' && staff.jurisdictionCode === to.homeClerksOf) return true;
  return to.supervisorsOver !== undefined && staff.role === 'supervisor' && jurisdictionCovers(staff.jurisdictionCode, to.supervisorsOver);
}

/** The publishing side: services say what changed here, and nowhere else. */
export class LiveNotifier {
  readonly #hub: ConnectionHub;
  readonly #events: LiveEvents;
  readonly #logger: Logger;

  constructor(options: { hub: ConnectionHub; events: LiveEvents; logger: Logger }) {
    this.#hub = options.hub;
    this.#events = options.events;
    this.#logger = options.logger;
  }

  /**
   * `event` happened: this node's connections get `notices` now (in order, before this returns), and
   * the other nodes are told (asynchronously; a failure to tell them is logged, the change stands).
   */
  tell(event: LiveEvent, notices: readonly Notice[]): void {
    for (const n of notices) this.#hub.deliver(n);
    this.#events.publish(event, { servedHere: true }).catch((error: unknown) => this.#logger.error({ err: error, event }, 'could not tell the other nodes of a change'));
  }
}

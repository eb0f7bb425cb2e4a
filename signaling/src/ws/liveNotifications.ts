/**
 * This node's side of the live events (issue 20): what another node changed reaches the clerks whose
 * consoles are connected here. For each event from another node, the service that made the change is
 * asked for its notices (notices.ts: the same views and audiences the publishing node pushed to its own
 * connections), read once per event, and they go to this node's connections; one event at a time, in
 * the order received, so a console sees changes in the order they were made.
 *
 * Also here: presence over nodes (each node tells when a staff member's first connection on it opens or
 * the last one closes; StaffPresence keeps the others'), what a new connection is sent (its queue and
 * open sessions), and after a resync (events may have been missed) every connection is sent that again.
 */
import type { LiveEvent, LiveEventOrigin } from '../cluster/liveEvent';
import type { LiveEvents } from '../cluster/liveEvents';
import type { CaptureService } from '../captures/CaptureService';
import type { CaseService } from '../cases/CaseService';
import type { GuestService } from '../guests/GuestService';
import type { IdentityService } from '../identity/IdentityService';
import type { Logger } from '../logger';
import type { SessionChat } from '../sessions/SessionChat';
import type { SessionService } from '../sessions/SessionService';
import type { SignatureService } from '../signatures/SignatureService';
import type { ConnectionHub } from './ConnectionHub';
import type { Notice } from './notices';
import type { SignalingConnection } from './SignalingConnection';
import type { StaffPresence } from './staffPresence';

export interface LiveNotificationsOptions {
  events: LiveEvents;
  hub: ConnectionHub;
  presence: StaffPresence;
  sessions: Pick<SessionService, 'queueNotices' | 'sessionNotices' | 'queue' | 'openSessionsOf'>;
  chat: Pick<SessionChat, 'notices'>;
  captures: Pick<CaptureService, 'captureNotices'>;
  identity: Pick<IdentityService, 'verdictNotices'>;
  cases: Pick<CaseService, 'caseNotices'>;
  signatures: Pick<SignatureService, 'signatureNotices'>;
  guests: Pick<GuestService, 'guestNotices'>;
  logger: Logger;
}

/** The notices an event from another node shows, read through the service that made the change. */
export async function noticesOf(event: LiveEvent, services: Omit<LiveNotificationsOptions, 'events' | 'hub' | 'presence' | 'logger'>): Promise<Notice[]> {
  switch (event.kind) {
    case 'queue.changed':
      return await services.sessions.queueNotices(event.jurisdictionCode);
    case 'session.updated':
      return await services.sessions.sessionNotices(event.sessionId);
    case 'chat.message':
      return await services.chat.notices(event.sessionId, event.messageId);
    case 'capture.changed':
      return await services.captures.captureNotices(event.captureId, event.created);
    case 'identity.recorded':
      return await services.identity.verdictNotices(event.sessionId, event.verdictId);
    case 'case.updated':
      return await services.cases.caseNotices(event.sessionId, event.caseId);
    case 'signature.added':
      return await services.signatures.signatureNotices(event.caseId, event.signatureId);
    case 'guest.updated':
      return await services.guests.guestNotices(event.guestId);
    case 'presence.changed':
    case 'presence.sync':
    case 'room.placed':
      return [];
  }
}

export interface LiveNotifications {
  /** Sends a connection what its console shows now: a home clerk the queue, a local clerk their open sessions. */
  sendCurrent(connection: SignalingConnection): Promise<void>;
  /** Resolves when every event received so far has been handled (tests, shutdown). */
  settled(): Promise<void>;
  /** Stops handling events. */
  stop(): void;
}

export function startLiveNotifications(options: LiveNotificationsOptions): LiveNotifications {
  const { events, hub, presence, logger } = options;
  const self = events.nodeId;
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  const sendCurrent = async (connection: SignalingConnection): Promise<void> => {
    const { staff } = connection;
    if (staff.role === 'home_clerk') connection.notify('queue.changed', { jurisdictionCode: staff.jurisdictionCode, queue: await options.sessions.queue(staff) });
    for (const session of await options.sessions.openSessionsOf(staff)) connection.notify('session.updated', { session });
  };

  /** Tells the other nodes who is online here (after they were asked to forget it). */
  const announce = (): void => {
    for (const staffId of new Set(hub.connections().map((c) => c.staff.id))) publish({ kind: 'presence.changed', staffId, node: self, online: true });
  };

  const publish = (event: LiveEvent): void => {
    if (stopped) return;
    events.publish(event).catch((error: unknown) => logger.error({ err: error, event }, 'could not publish a live event'));
  };

  const handle = async (event: LiveEvent, origin: LiveEventOrigin): Promise<void> => {
    if (event.kind === 'presence.sync') {
      if (origin.node !== self) presence.forgetNode(event.node);
      announce();
      return;
    }
    // This node's own changes were served when they were made (LiveNotifier.tell).
    if (origin.node === self) return;
    if (event.kind === 'presence.changed') {
      if (event.node !== self) presence.changedElsewhere(event.node, event.staffId, event.online);
      return;
    }
    if (hub.size === 0) return;
    for (const notice of await noticesOf(event, options)) hub.deliver(notice);
  };

  const unsubscribe = events.subscribe((event, origin) => {
    chain = chain.then(() => (stopped ? undefined : handle(event, origin))).catch((error: unknown) => logger.error({ err: error, event, origin }, 'could not show a change made on another node'));
  });
  const stopResync = events.onResync(() => {
    // Events may have been missed: presence is told again by everyone, and every console here is sent what it shows.
    publish({ kind: 'presence.sync', node: self });
    chain = chain.then(async () => {
      for (const connection of hub.connections()) await sendCurrent(connection);
    }).catch((error: unknown) => logger.error({ err: error }, 'could not send the consoles what they show after a resync'));
  });
  hub.onPresence((staff, online) => publish({ kind: 'presence.changed', staffId: staff.id, node: self, online }));
  // A node that starts knows nobody elsewhere yet: the others forget whatever it had before and tell theirs.
  publish({ kind: 'presence.sync', node: self });

  return {
    sendCurrent,
    settled: async () => {
      await chain;
    },
    stop() {
      stopped = true;
      unsubscribe();
      stopResync();
    },
  };
}

/**
 * GET /ws/guest: the signaling WebSocket of an admitted guest (第三方). The upgrade needs the
 * product's Origin (or, with several nodes, another node's or the load balancer's) and the guest
 * cookie of a guest the inviting clerk admitted into an active session (GuestService.admitted; anyone else gets 403 GUEST_NOT_ADMITTED, audited, and no socket). Over it the
 * guest joins that one session's room as a peer of side 'guest' and publishes camera and microphone;
 * every other method is refused. Removal or the session's end closes the guest's sockets.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { UpgradeWebSocket } from 'hono/ws';
import type { types } from 'mediasoup';
import { AppError } from '../errors';
import type { AppEnv, AppServices } from '../http/context';
import { isProductOrigin } from '../http/productOrigin';
import { GUEST_COOKIE, GUEST_SIGNALING_PATH, guestPeerId, requestSchemas, type GuestRole, type SignalingMethod } from '../protocol';
import type { RoomRegistry } from '../rooms/RoomRegistry';
import { SignalingConnection, type Handlers } from '../ws/SignalingConnection';
import type { AdmittedGuest, GuestService } from './GuestService';

/** A guest as their connection and their peer carry them (`id` is the negative peer id). */
export interface GuestIdentity {
  id: number;
  displayName: string;
  guestRole: GuestRole;
  guest: AdmittedGuest;
}

type GuestConnection = SignalingConnection<GuestIdentity>;

/** How long a guest's connection lasts at most (its TURN credentials end with it). */
const GUEST_CONNECTION_HOURS = 12;

/** What a guest may do over the socket: media in the one session they were admitted to; nothing else. */
export function guestHandlers(guests: GuestService, rooms: RoomRegistry): Handlers<GuestIdentity> {
  const inSession = async (connection: GuestConnection, sessionId: string) => {
    if (sessionId !== connection.staff.guest.sessionId || !(await guests.mayJoin(connection.staff.guest.id, sessionId))) throw new AppError('GUEST_NOT_ADMITTED');
    return rooms.peerOf(connection, sessionId);
  };
  const refuse = () => {
    throw new AppError('FORBIDDEN');
  };
  const handlers: Partial<Handlers<GuestIdentity>> = {
    'media.capabilities': () => ({ routerRtpCapabilities: rooms.routerRtpCapabilities }),
    'session.join': async (data, connection) => {
      if (data.sessionId !== connection.staff.guest.sessionId || !(await guests.mayJoin(connection.staff.guest.id, data.sessionId))) throw new AppError('GUEST_NOT_ADMITTED');
      return rooms.joinAsGuest(connection, data.sessionId, data.rtpCapabilities as types.RtpCapabilities | undefined);
    },
    'session.leave': (data, connection) => {
      rooms.leave(connection, data.sessionId);
      return {};
    },
    'transport.create': async (data, connection) => {
      const { room, peer } = await inSession(connection, data.sessionId);
      return room.createTransport(peer, data.direction);
    },
    'transport.connect': async (data, connection) => {
      const { room, peer } = await inSession(connection, data.sessionId);
      await room.connectTransport(peer, data.transportId, data.dtlsParameters as types.DtlsParameters);
      return {};
    },
    'transport.restartIce': async (data, connection) => {
      const { room, peer } = await inSession(connection, data.sessionId);
      return { iceParameters: await room.restartIce(peer, data.transportId) };
    },
    'producer.create': async (data, connection) => {
      const { room, peer } = await inSession(connection, data.sessionId);
      if (data.source !== 'camera' && data.source !== 'microphone') throw new AppError('FORBIDDEN');
      const id = await room.produce(peer, { transportId: data.transportId, kind: data.kind, rtpParameters: data.rtpParameters as types.RtpParameters, source: data.source });
      return { id };
    },
    'producer.pause': async (data, connection) => {
      const { room, peer } = await inSession(connection, data.sessionId);
      await room.setProducerPaused(peer, data.producerId, true);
      return {};
    },
    'producer.resume': async (data, connection) => {
      const { room, peer } = await inSession(connection, data.sessionId);
      await room.setProducerPaused(peer, data.producerId, false);
      return {};
    },
    'producer.close': async (data, connection) => {
      const { room, peer } = await inSession(connection, data.sessionId);
      room.closeProducer(peer, data.producerId);
      return {};
    },
    'consumer.create': async (data, connection) => {
      const { room, peer } = await inSession(connection, data.sessionId);
      return room.consume(peer, { transportId: data.transportId, producerId: data.producerId, rtpCapabilities: data.rtpCapabilities as types.RtpCapabilities });
    },
    'consumer.resume': async (data, connection) => {
      const { room, peer } = await inSession(connection, data.sessionId);
      await room.resumeConsumer(peer, data.consumerId);
      return {};
    },
    'downlink.congested': async (data, connection) => {
      const { room, peer } = await inSession(connection, data.sessionId);
      return room.relieveDownlink(peer, data.sign);
    },
  };
  for (const method of Object.keys(requestSchemas) as SignalingMethod[]) (handlers as Record<string, unknown>)[method] ??= refuse;
  return handlers as Handlers<GuestIdentity>;
}

export function registerGuestSignaling(app: Hono<AppEnv>, services: AppServices, upgradeWebSocket: UpgradeWebSocket): void {
  const { guests, rooms } = services;
  const handlers = guestHandlers(guests, rooms);
  /** Open guest connections by guest id, closed when the guest is removed or the session ends. */
  const open = new Map<number, Set<GuestConnection>>();
  guests.on('gone', (guestId) => {
    for (const connection of open.get(guestId) ?? []) connection.close();
  });

  app.get(
    GUEST_SIGNALING_PATH,
    upgradeWebSocket(async (c) => {
      const address = remoteAddress(c);
      const origin = c.req.header('origin');
      // The product's own Origin, or another node's (a guest's page follows the room to its node).
      if (origin !== undefined && !isProductOrigin(services.config, origin, c.req.header('host')) && !services.placement.isNodeOrigin(origin)) {
        await services.audit.refused({ actor: null, address, action: 'access.refused', target: { type: 'ws', id: `${c.req.method} ${c.req.path}` }, reason: 'WS_ORIGIN_REFUSED' });
        const error = new AppError('WS_ORIGIN_REFUSED');
        error.audited = true;
        throw error;
      }
      const guest = await guests.admitted(getCookie(c, GUEST_COOKIE) ?? null, { address });
      const identity: GuestIdentity = { id: guestPeerId(guest.id), displayName: guest.name, guestRole: guest.role, guest };
      let connection: GuestConnection | undefined;
      return {
        onOpen(_event, socket) {
          const expiresAt = new Date(Date.now() + GUEST_CONNECTION_HOURS * 3_600_000);
          connection = new SignalingConnection(identity, socket, handlers, services.logger.child({ guestId: guest.id }), expiresAt, async (refusal) =>
            await services.audit.refused({ ...refusal, actor: null, address, detail: { guestId: guest.id } }),
          );
          const set = open.get(guest.id) ?? new Set();
          set.add(connection);
          open.set(guest.id, set);
        },
        onMessage(event) {
          void connection?.receive(event.data);
        },
        onClose() {
          if (!connection) return;
          connection.markClosed();
          const set = open.get(guest.id);
          set?.delete(connection);
          if (set?.size === 0) open.delete(guest.id);
          rooms.connectionClosed(connection);
        },
      };
    }),
  );
}

function remoteAddress(c: Context<AppEnv>): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

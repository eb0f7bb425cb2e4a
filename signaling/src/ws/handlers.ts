/** What each signaling method does, by name; every `data` has already passed its schema. */
import type { types } from 'mediasoup';
import type { NetworkProbes } from '../rooms/NetworkProbes';
import type { RoomRegistry } from '../rooms/RoomRegistry';
import { isElsewhere } from '../protocol';
import type { SessionChat } from '../sessions/SessionChat';
import type { SessionService } from '../sessions/SessionService';
import type { Handlers } from './SignalingConnection';

export function signalingHandlers(sessions: SessionService, chat: SessionChat, rooms: RoomRegistry, probes: NetworkProbes): Handlers {
  return {
    hello: (_data, connection) => ({ staff: connection.staff, serverTime: new Date().toISOString() }),

    'media.capabilities': () => ({ routerRtpCapabilities: rooms.routerRtpCapabilities }),

    'chat.send': async (data, connection) => ({ message: await chat.send(connection.staff, data.sessionId, data.text) }),

    'session.join': async (data, connection) => await rooms.join(connection, data.sessionId, data.rtpCapabilities as types.RtpCapabilities | undefined),
    'session.resume': async (data, connection) => await rooms.resume(connection, data.sessionId, data.transportIds),

    'standby.open': (data, connection) => rooms.openStandby(connection, data.rtpCapabilities as types.RtpCapabilities),

    'session.accept': async (data, connection) => {
      const rtpCapabilities = data.rtpCapabilities as types.RtpCapabilities;
      const { session, entered } = await sessions.acceptAndEnter(connection.staff, data.sessionId, async () =>
        data.standbyRoomId
          ? (await rooms.joinFromStandby(connection, data.sessionId, data.standbyRoomId, rtpCapabilities))
          : (await rooms.join(connection, data.sessionId, rtpCapabilities)),
      );
      // The room on another node: the browser's join is sent there.
      if (entered.status === 'fulfilled') return { session, joined: isElsewhere(entered.value) ? null : entered.value };
      // Taken all the same: the browser joins again as usual.
      connection.logger.warn({ err: entered.reason, sessionId: data.sessionId }, 'accepted, but joining the room failed');
      return { session, joined: null };
    },

    'session.leave': (data, connection) => {
      rooms.leave(connection, data.sessionId);
      return {};
    },

    'transport.create': (data, connection) => {
      const { room, peer } = rooms.peerOf(connection, data.sessionId);
      return room.createTransport(peer, data.direction);
    },

    'transport.connect': async (data, connection) => {
      const { room, peer } = rooms.peerOf(connection, data.sessionId);
      await room.connectTransport(peer, data.transportId, data.dtlsParameters as types.DtlsParameters);
      return {};
    },

    'transport.restartIce': async (data, connection) => {
      const { room, peer } = rooms.peerOf(connection, data.sessionId);
      return { iceParameters: await room.restartIce(peer, data.transportId) };
    },

    'producer.create': async (data, connection) => {
      const { room, peer } = rooms.peerOf(connection, data.sessionId);
      const id = await room.produce(peer, {
        transportId: data.transportId,
        kind: data.kind,
        rtpParameters: data.rtpParameters as types.RtpParameters,
        source: data.source,
      });
      return { id };
    },

    'producer.pause': async (data, connection) => {
      const { room, peer } = rooms.peerOf(connection, data.sessionId);
      await room.setProducerPaused(peer, data.producerId, true);
      return {};
    },

    'producer.resume': async (data, connection) => {
      const { room, peer } = rooms.peerOf(connection, data.sessionId);
      await room.setProducerPaused(peer, data.producerId, false);
      return {};
    },

    'producer.close': (data, connection) => {
      const { room, peer } = rooms.peerOf(connection, data.sessionId);
      room.closeProducer(peer, data.producerId);
      return {};
    },

    'consumer.create': (data, connection) => {
      const { room, peer } = rooms.peerOf(connection, data.sessionId);
      return room.consume(peer, {
        transportId: data.transportId,
        producerId: data.producerId,
        rtpCapabilities: data.rtpCapabilities as types.RtpCapabilities,
      });
    },

    'consumer.resume': async (data, connection) => {
      await rooms.resumeConsumer(connection, data.sessionId, data.consumerId);
      return {};
    },

    'downlink.congested': (data, connection) => {
      const { room, peer } = rooms.peerOf(connection, data.sessionId);
      return room.relieveDownlink(peer, data.sign);
    },

    'probe.open': (data, connection) => probes.open(connection, data.path),

    'probe.connect': async (data, connection) => {
      await probes.connect(connection, data.transportId, data.dtlsParameters as types.DtlsParameters);
      return {};
    },

    'probe.result': (data, connection) => probes.result(connection, data.transportId),

    'probe.close': (_data, connection) => {
      probes.closeFor(connection);
      return {};
    },
  };
}

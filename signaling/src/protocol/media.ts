/**
 * Media signaling shapes. The server checks their outline here; mediasoup checks the rest.
 * The browser's mediasoup-client types fit these structurally.
 */
import { z } from 'zod';
import type { CaseStatus } from './values';

/**
 * Which source a producer carries: the person's camera, microphone, the local document camera, or a
 * clerk's shared screen or window (屏幕共享, getDisplayMedia).
 */
export const mediaSources = ['camera', 'microphone', 'document', 'screen'] as const;
export type MediaSource = (typeof mediaSources)[number];

/**
 * The main camera's simulcast layers, smallest first: their highest bitrates (bit/s). The page encodes
 * its camera with them (videoEncodings.ts); the server's relief of a congested link lets the next
 * layer back only when the estimate has room for it (rooms/DownlinkRelief.ts).
 */
export const CAMERA_LAYER_MAX_BITRATES = [100_000, 500_000, 1_200_000] as const;

/**
 * What a browser found of its link's congestion: `loss`, many of the packets it is sent lost; `delay`,
 * each packet later than the one before (the jitter of the sound it receives rises), as a link's queue
 * fills before it overflows (DownlinkWatch in the web app, rooms/congestedLinks.ts).
 */
export const congestionSigns = ['loss', 'delay'] as const;
export type CongestionSign = (typeof congestionSigns)[number];

/** Where a peer sits: one of the two clerks, a listen-only supervisor, or an admitted guest (第三方). */
export type PeerSide = 'local' | 'home' | 'observer' | 'guest';
/** Where a staff member sits in a session (guests come in through their own link). */
export type StaffSide = Exclude<PeerSide, 'guest'>;

const id = z.string().min(1).max(64);

const codec = z.looseObject({
  mimeType: z.string().regex(/^(audio|video)\/[\w.-]+$/),
  payloadType: z.number().int().min(0).max(127),
  clockRate: z.number().int().positive(),
  channels: z.number().int().positive().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  rtcpFeedback: z.array(z.looseObject({ type: z.string(), parameter: z.string().optional() })).optional(),
});

export const rtpParameters = z.looseObject({
  mid: z.string().optional(),
  codecs: z.array(codec).min(1).max(16),
  headerExtensions: z.array(z.looseObject({ uri: z.string(), id: z.number().int() })).max(32).optional(),
  encodings: z.array(z.looseObject({})).max(8).optional(),
  rtcp: z.looseObject({}).optional(),
});

export const rtpCapabilities = z.looseObject({
  codecs: z.array(z.looseObject({ kind: z.enum(['audio', 'video']), mimeType: z.string(), clockRate: z.number() })).max(64).optional(),
  headerExtensions: z.array(z.looseObject({})).max(64).optional(),
});

export const dtlsParameters = z.looseObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z.array(z.looseObject({ algorithm: z.string(), value: z.string() })).min(1).max(8),
});

export const mediaRequestSchemas = {
  /** What every session router offers (the same for all), so that a browser can load its device ahead of a call. */
  'media.capabilities': z.strictObject({}),
  /**
   * Join the session's room (a supervisor joins listen-only, as an observer). With the browser's
   * `rtpCapabilities` the server also creates its transports and a consumer for everything the others
   * publish; later producers then arrive with their consumer ready ('producer.new').
   */
  'session.join': z.strictObject({ sessionId: z.uuid(), rtpCapabilities: rtpCapabilities.optional() }),
  /**
   * A home clerk's standby room: while the clerk watches the queue, the console publishes the camera
   * (smallest layer) and the silent microphone in it. Its `roomId` stands for a session id in the
   * transport, producer and 'session.leave' requests below. One per connection: a second replaces the first.
   */
  'standby.open': z.strictObject({ rtpCapabilities }),
  /**
   * A home clerk takes a waiting session and joins its room in one step (as 'session.join' with
   * capabilities): the call starts without a second round trip. With `standbyRoomId` (this
   * connection's standby room) the clerk enters with that room's transports and producers, already
   * connected: the answer then brings the consumers but no transports.
   */
  'session.accept': z.strictObject({ sessionId: z.uuid(), rtpCapabilities, standbyRoomId: z.uuid().optional() }),
  /**
   * Back over a new signaling connection after the network went (the server may not have noticed the
   * old one go): the peer with these transports goes on over this connection, its transports restart
   * ICE, and nothing is made again. Answered `resumed: false` when the server has no such peer any
   * more: the browser then joins anew.
   */
  'session.resume': z.strictObject({ sessionId: z.uuid(), transportIds: z.array(id).min(1).max(2) }),
  'session.leave': z.strictObject({ sessionId: z.uuid() }),
  'transport.create': z.strictObject({ sessionId: z.uuid(), direction: z.enum(['send', 'recv']) }),
  'transport.connect': z.strictObject({ sessionId: z.uuid(), transportId: id, dtlsParameters }),
  'transport.restartIce': z.strictObject({ sessionId: z.uuid(), transportId: id }),
  'producer.create': z.strictObject({
    sessionId: z.uuid(),
    transportId: id,
    kind: z.enum(['audio', 'video']),
    rtpParameters,
    source: z.enum(mediaSources),
  }),
  'producer.pause': z.strictObject({ sessionId: z.uuid(), producerId: id }),
  'producer.resume': z.strictObject({ sessionId: z.uuid(), producerId: id }),
  'producer.close': z.strictObject({ sessionId: z.uuid(), producerId: id }),
  'consumer.create': z.strictObject({ sessionId: z.uuid(), transportId: id, producerId: id, rtpCapabilities }),
  /**
   * The browser has the consumer (its receiver is set up): it may start. One made ahead of the accept
   * ('consumer.ahead') is only marked ready by it; the server starts it at 受理.
   */
  'consumer.resume': z.strictObject({ sessionId: z.uuid(), consumerId: id }),
  /**
   * This browser's link carries less than it is sent (`sign`: the cameras it receives lose many
   * packets, or everything it receives comes ever later): the server sends it the smallest camera
   * layers for a while, until its bandwidth estimate has caught up (see rooms/DownlinkRelief.ts).
   */
  'downlink.congested': z.strictObject({ sessionId: z.uuid(), sign: z.enum(congestionSigns).default('loss') }),
} as const;

export interface PeerInfo {
  /** The staff member's id; a guest's is the negative of their invitation's id (see rooms/guestPeers.ts). */
  staffId: number;
  displayName: string;
  side: PeerSide;
  /** A guest's role (手语翻译, 家属, 部门专家); absent for staff. */
  guestRole?: import('./values').GuestRole;
}

export interface ProducerInfo {
  id: string;
  staffId: number;
  side: PeerSide;
  kind: 'audio' | 'video';
  source: MediaSource;
  paused: boolean;
}

export interface TransportInfo {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
  /** A receiving transport's: it carries the room's data channel too. */
  sctpParameters?: unknown;
  /** TURN servers with this sign-in's time-limited credentials; absent when the server has no TURN. */
  iceServers?: import('./network').IceServer[];
}

/** The browser's end of the room's data channel (see rooms/roomChannel.ts). */
export interface DataConsumerInfo {
  id: string;
  dataProducerId: string;
  sctpStreamParameters: unknown;
  label: string;
  protocol: string;
}

/**
 * A consumer the server made for a browser. Paused until the browser has it and calls consumer.resume,
 * except on a receive transport that has not connected yet, where it starts with the connection
 * (consumer.resume is then harmless).
 */
export interface ConsumerInfo {
  id: string;
  producerId: string;
  kind: 'audio' | 'video';
  rtpParameters: unknown;
  source: MediaSource;
  staffId: number;
  side: PeerSide;
}

export interface JoinedRoom {
  side: PeerSide;
  routerRtpCapabilities: unknown;
  peers: PeerInfo[];
  producers: ProducerInfo[];
  /**
   * Present when the join carried rtpCapabilities: this browser's transports (no send transport for an
   * observer); absent when it came from a standby room, whose transports it keeps…
   */
  transports?: { send: TransportInfo | null; recv: TransportInfo };
  /** …and a consumer for each of `producers` it can receive… */
  consumers?: ConsumerInfo[];
  /** …and, with new transports, the room's data channel for the receiving one. */
  channel?: DataConsumerInfo;
}

/**
 * The session's room is held by another node (several servers sharing one database, see
 * cluster/RoomPlacement.ts): join it there, over `wsUrl` (that node's signaling WebSocket). `wsUrl`
 * is null while the node holding it is going away: ask again in a moment, the room is re-created on a
 * live node once its lease lapses.
 */
export interface RoomElsewhere {
  elsewhere: { nodeId: string; wsUrl: string | null };
}

export function isElsewhere(answer: JoinedRoom | RoomElsewhere): answer is RoomElsewhere {
  return 'elsewhere' in answer;
}

/**
 * A peer resumed over a new connection: each transport's new ICE parameters, and the room as it is now
 * (what the others publish, and which of those this peer already consumes) to catch up on what was
 * said while the old connection was gone.
 */
export type ResumedRoom =
  | { resumed: false }
  | { resumed: true; iceParameters: Record<string, unknown>; peers: PeerInfo[]; producers: ProducerInfo[]; consumedProducerIds: string[] };

/**
 * The answer to a browser's 'downlink.congested': the cameras it receives are held down for `holdMs`
 * from now (0: its peer has left the room, or the loss was not its link's: then `quietMs`, how long
 * not to report again; rooms/congestedLinks.ts).
 */
export interface Relief {
  holdMs: number;
  quietMs?: number;
}

export interface MediaResponses {
  'media.capabilities': { routerRtpCapabilities: unknown };
  'standby.open': { roomId: string; joined: JoinedRoom };
  /** Elsewhere: the room is on another node, join there. */
  'session.join': JoinedRoom | RoomElsewhere;
  /** `joined` is null when the session was taken but the room could not be joined: join again. */
  'session.accept': { session: import('./sessions').SessionView; joined: JoinedRoom | null };
  'session.resume': ResumedRoom;
  'session.leave': Record<string, never>;
  'transport.create': TransportInfo;
  'transport.connect': Record<string, never>;
  'transport.restartIce': { iceParameters: unknown };
  'producer.create': { id: string };
  'producer.pause': Record<string, never>;
  'producer.resume': Record<string, never>;
  'producer.close': Record<string, never>;
  'consumer.create': ConsumerInfo;
  'consumer.resume': Record<string, never>;
  'downlink.congested': Relief;
}

/** Server → browser pushes, by method name. */
export interface Notifications {
  'queue.changed': { jurisdictionCode: string; queue: import('./sessions').QueueEntry[] };
  'session.updated': { session: import('./sessions').SessionView };
  'peer.joined': { sessionId: string; peer: PeerInfo };
  'peer.left': { sessionId: string; staffId: number; side: PeerSide };
  /** `consumer`: made for the receiving browser when it joined with rtpCapabilities. */
  'producer.new': { sessionId: string; producer: ProducerInfo; consumer?: ConsumerInfo };
  'producer.closed': { sessionId: string; producerId: string };
  'producer.paused': { sessionId: string; producerId: string };
  'producer.resumed': { sessionId: string; producerId: string };
  'consumer.closed': { sessionId: string; consumerId: string; producerId: string };
  /**
   * A paused consumer made ahead of 受理 (see rooms/AheadConsumers.ts), of `producer` of the other clerk
   * of a call that may come (`forSessionId`): set it up now (its SDP round) and say so with
   * consumer.resume; nothing flows until the accept. `sessionId` is the room this browser is in (a
   * standby room's id for a home console); 'consumer.closed' takes it back when that call does not come.
   */
  'consumer.ahead': { sessionId: string; forSessionId: string; producer: ProducerInfo; consumer: ConsumerInfo };
  'chat.message': { message: import('./sessions').ChatMessage };
  'capture.new': { capture: import('./captures').CaptureView };
  'capture.updated': { capture: import('./captures').CaptureView };
  'identity.recorded': { sessionId: string; verdict: import('./identity').IdentityVerdictView };
  'case.updated': { sessionId: string; caseId: number; caseNumber: string; status: CaseStatus };
  /** A guest of the session was invited, knocked, admitted, refused or removed (to its two clerks). */
  'guest.updated': { guest: import('./guests').GuestView };
  /** The citizen signed a document of the case on the local window's kiosk (签名). */
  'signature.added': { sessionId: string; caseId: number; signature: import('./signatures').SignatureView };
  /** The room's media worker went away; rejoin to get a new router. */
  'room.reset': { sessionId: string };
}
export type NotificationMethod = keyof Notifications;

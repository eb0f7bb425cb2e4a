/**
 * What recording needs of a session's media room, and nothing more: its router, the producers
 * consumable on it now, and word of each new one (a producer closing closes its consumers, which the
 * recorder watches). Room implements it; recording never reaches into peers or pipes.
 */
import type { types } from 'mediasoup';
import type { MediaSource, PeerSide } from '../protocol';

/** A producer as consumable on the room's router (its own id, or the id of its copy piped in). */
export interface RecordableProducer {
  /** The id to consume on the room's router. */
  id: string;
  kind: types.MediaKind;
  source: MediaSource;
  side: PeerSide;
  staffId: number;
}

export interface RecordableRoomEvents {
  producerAdded: [producer: RecordableProducer];
}

export interface RecordableRoom {
  readonly sessionId: string;
  readonly closed: boolean;
  readonly router: types.Router;
  recordableProducers(): RecordableProducer[];
  on(event: 'producerAdded', listener: (producer: RecordableProducer) => void): unknown;
  off(event: 'producerAdded', listener: (producer: RecordableProducer) => void): unknown;
  once(event: 'closed', listener: () => void): unknown;
}

/**
 * One person in a room, over one signaling connection: their transports, producers and consumers.
 * A reconnect makes a new Peer; `close()` (safe to call twice) closes every transport, which closes
 * the producers and consumers on it.
 */
import type { types } from 'mediasoup';
import { AppError } from '../errors';
import type { MediaSource, PeerInfo, PeerSide, SignedInStaff } from '../protocol';
import type { SignalingConnection } from '../ws/SignalingConnection';

export interface ProducerAppData extends types.AppData {
  source: MediaSource;
  staffId: number;
  side: PeerSide;
}

export class Peer {
  readonly staff: SignedInStaff;
  readonly side: PeerSide;
  readonly connection: SignalingConnection;
  readonly transports = new Map<string, types.WebRtcTransport>();
  readonly producers = new Map<string, types.Producer<ProducerAppData>>();
  readonly consumers = new Map<string, types.Consumer>();
  #closed = false;

  constructor(staff: SignedInStaff, side: PeerSide, connection: SignalingConnection) {
    this.staff = staff;
    this.side = side;
    this.connection = connection;
  }

  get info(): PeerInfo {
    return { staffId: this.staff.id, displayName: this.staff.displayName, side: this.side };
  }

  get closed(): boolean {
    return this.#closed;
  }

  transport(id: string): types.WebRtcTransport {
    const transport = this.transports.get(id);
    if (!transport) throw new AppError('VALIDATION_FAILED', { detail: `transportId ${id.slice(0, 64)} 不存在` });
    return transport;
  }

  producer(id: string): types.Producer<ProducerAppData> {
    const producer = this.producers.get(id);
    if (!producer) throw new AppError('VALIDATION_FAILED', { detail: `producerId ${id.slice(0, 64)} 不存在` });
    return producer;
  }

  consumer(id: string): types.Consumer {
    const consumer = this.consumers.get(id);
    if (!consumer) throw new AppError('VALIDATION_FAILED', { detail: `consumerId ${id.slice(0, 64)} 不存在` });
    return consumer;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const transport of this.transports.values()) transport.close();
    this.transports.clear();
    this.producers.clear();
    this.consumers.clear();
  }
}
